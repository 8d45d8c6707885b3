"""Reminders before a dossier's deadlines: the person who accompanies an open dossier gets
one email a week before its own deadline, and one before its call closes while it is not yet
submitted. One per deadline, whatever the restarts (the outbox keys each message); a moved
deadline is reminded again. Run by the worker when it starts and then every minute
(`core.travaux.on_worker_start`)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passerelles.core.francais import accord, date_longue
from passerelles.courriels import registre
from passerelles.courriels import services as courriels
from passerelles.courriels.textes import salutation

from .models import Dossier
from .selectors import NOT_SUBMITTED, OPEN_STATES, echeances_of


class NatureMessage(models.TextChoices):
    ECHEANCE = "dossier_echeance", "Rappel avant l'échéance d'un dossier"


NATURE_ECHEANCE = NatureMessage.ECHEANCE
RAPPEL_JOURS = 7


def echeances_rappeler(today: datetime.date | None = None) -> int:
    """Queues the reminders due today; returns how many were new."""
    today = today or timezone.localdate()
    window = (today, today + datetime.timedelta(days=RAPPEL_JOURS))
    dossiers = (
        Dossier.objects.filter(etat__in=OPEN_STATES, suivi_par__isnull=False)
        .filter(Q(echeance__range=window) | Q(etat__in=NOT_SUBMITTED, appel_catalogue__cloture__range=window))
        .exclude(suivi_par__email="")
        .select_related("reseau", "collectivite", "instrument", "suivi_par", "appel_catalogue")
    )
    created = 0
    for dossier in dossiers:
        for echeance in echeances_of(dossier):
            if window[0] <= echeance.date <= window[1]:
                created += _queue(dossier, echeance, today)
    if created:
        courriels.kick()
    return created


def _queue(dossier, echeance, today) -> bool:
    # The key of a dossier's own deadline predates the calls: kept, so nothing is sent twice.
    what = "" if echeance.cle == "dossier" else f"{echeance.cle}:"
    _message, new = courriels.queue_message(
        reseau=dossier.reseau,
        cle=f"dossier-echeance:{dossier.pk}:{what}{echeance.date.isoformat()}",
        nature=NATURE_ECHEANCE,
        destinataire=dossier.suivi_par.email,
        sujet=f"{echeance.libelle} le {date_longue(echeance.date)} : {dossier.instrument.nom}, "
        f"{dossier.collectivite.nom}",
        corps=_corps(dossier, echeance, today),
        objet=dossier,
    )
    return new


def _corps(dossier, echeance, today) -> str:
    user = dossier.suivi_par
    days = (echeance.date - today).days
    when = "aujourd'hui" if days == 0 else f"dans {accord(days, 'jour', 'jours')}"
    appel = f" ({dossier.appel})" if dossier.appel else ""
    return (
        f"{salutation(prenom=user.first_name, nom=user.last_name or user.username)},\n\n"
        f"{echeance.libelle} pour le dossier {dossier.instrument.nom}{appel} de "
        f"{dossier.collectivite.nom} : le {date_longue(echeance.date)}, {when}. "
        f"Le dossier est {dossier.get_etat_display().lower()}.\n\n"
        f"Le dossier : {settings.SITE_URL}{dossier.get_absolute_url()}\n"
    )


def register() -> None:
    """The nature of the reminders (not a mailing: it goes to a member of the réseau)."""
    registre.register_natures(NatureMessage, diffusions=set())
