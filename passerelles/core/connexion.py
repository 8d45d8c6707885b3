"""Password guessing: the page shown when django-axes locks logins, and the journal entry
the réseau reads afterwards."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

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
    user = get_user_model().objects.filter(username=username or "").first()
    membre = Membre.objects.filter(utilisateur=user).select_related("reseau").first() if user else None
    if membre is None or _recorded_recently(membre.reseau, username):
        return
    journal_record(
        reseau=membre.reseau,
        auteur=None,
        action="connexion_bloquee",
        objet=None,
        libelle=f"Connexions bloquées pour le compte « {username} » après trop d'essais de mot de passe",
        details={"compte": username, "adresse": ip_address or ""},
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
