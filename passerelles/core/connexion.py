"""Password guessing: django-axes locks one account from one address after a few failures;
above it, an account (from any addresses) or an address (on any accounts) is locked only at
a much higher count, so that a stranger cannot lock a colleague out with a few tries. Here
too: the page shown, the journal entry the réseau reads afterwards, the notice to the
account's owner."""

import logging

from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from .clients import client_ip
from .comptes import send_account_mail
from .journal import journal_record
from .models import Journal, Membre

logger = logging.getLogger(__name__)


def _recorded_recently(reseau, username) -> bool:
    """One entry per lockout, not one per refused attempt while it lasts."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return Journal.objects.filter(
        reseau=reseau, action="connexion_bloquee", quand__gte=since, details__compte=username
    ).exists()


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/connexion_bloquee.html", {"minutes": minutes}, status=429)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("Logins locked out for %r from %s", username, ip_address)
    _record(username, ip_address, libelle_depuis="depuis une adresse")


def _record(username: str, ip_address: str, *, libelle_depuis: str) -> bool:
    """Journals the lockout once; True the first time (so that the owner is told once)."""
    user = get_user_model().objects.filter(username=username or "").first()
    membre = Membre.objects.filter(utilisateur=user).select_related("reseau").first() if user else None
    if membre is None or _recorded_recently(membre.reseau, username):
        return False
    journal_record(
        reseau=membre.reseau,
        auteur=None,
        action="connexion_bloquee",
        objet=None,
        libelle=f"Connexions bloquées pour le compte « {username} » après trop d'essais de mot "
        f"de passe {libelle_depuis}",
        details={"compte": username, "adresse": ip_address or ""},
    )
    return True


def _failures(**which) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since, **which)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class WideLockoutBackend:
    """Refuses logins to an account that failed AXES_COMPTE_LIMITE times from any addresses,
    or from an address that failed as often on any accounts, for the cool-off. Placed after
    axes' backend: axes shows its lockout page for both. It authenticates no one and has no
    `get_user`, so that sessions name the backend that did (Django's test client logs in
    with the first backend that has one)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        address = client_ip(request)
        account_locked = _failures(username=username) >= settings.AXES_COMPTE_LIMITE
        if not account_locked and _failures(ip_address=address) < settings.AXES_COMPTE_LIMITE:
            return None
        if account_locked and _record(username, address, libelle_depuis="depuis plusieurs adresses"):
            notify_owner(username)
        request.axes_locked_out = True
        raise AxesBackendPermissionDenied("Trop d'échecs pour ce compte ou depuis cette adresse.")


def notify_owner(username: str) -> None:
    """Tells the account's owner that logins to it are blocked for a while, and why."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.email:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    send_account_mail.enqueue(
        "Passerelles : connexions à votre compte bloquées",
        f"Bonjour,\n\nTrop d'essais de mot de passe ont échoué sur votre compte « {username} », "
        f"depuis plusieurs adresses : les connexions sont bloquées pendant {minutes} minutes.\n\n"
        "Si ce n'était pas vous, quelqu'un essaie de deviner votre mot de passe : après ce délai, "
        "connectez-vous et choisissez-en un nouveau, long et que vous n'utilisez nulle part ailleurs.\n",
        user.email,
    )


class ConnexionForm(AuthenticationForm):
    """Django's login form sets the username's length after building its validators, so an
    over-long name reached `authenticate` and django-axes' 255-character column (a server
    error on PostgreSQL). Here it is refused like any wrong login."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username
