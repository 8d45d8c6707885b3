"""Reminders before a dossier's deadline: the person who accompanies an open dossier gets
one email a week before its deadline (one per deadline: a moved deadline is reminded again).
Run by the worker when it starts and then every minute (`core.travaux.on_worker_start`)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from passerelles.core.francais import accord, date_longue
from passerelles.courriels import registre
from passerelles.courriels import services as courriels
from passerelles.courriels.textes import salutation

from .models import Dossier
from .selectors import OPEN_STATES


class NatureMessage(models.TextChoices):
    ECHEANCE = "dossier_echeance", "Rappel avant l'échéance d'un dossier"


NATURE_ECHEANCE = NatureMessage.ECHEANCE
RAPPEL_JOURS = 7


def echeances_rappeler(today: datetime.date | None = None) -> int:
    """Queues the reminders due today; returns how many were new."""
    today = today or timezone.localdate()
    dossiers = (
        Dossier.objects.filter(
            etat__in=OPEN_STATES,
            echeance__gte=today,
            echeance__lte=today + datetime.timedelta(days=RAPPEL_JOURS),
            suivi_par__isnull=False,
        )
        .exclude(suivi_par__email="")
        .select_related("reseau", "collectivite", "instrument", "suivi_par")
    )
    created = 0
    for dossier in dossiers:
        _message, new = courriels.queue_message(
            reseau=dossier.reseau,
            cle=f"dossier-echeance:{dossier.pk}:{dossier.echeance.isoformat()}",
            nature=NATURE_ECHEANCE,
            destinataire=dossier.suivi_par.email,
            sujet=f"Échéance le {date_longue(dossier.echeance)} : {dossier.instrument.nom}, "
            f"{dossier.collectivite.nom}",
            corps=_corps(dossier, today),
            objet=dossier,
        )
        created += new
    if created:
        courriels.kick()
    return created


def _corps(dossier, today) -> str:
    user = dossier.suivi_par
    days = (dossier.echeance - today).days
    when = "aujourd'hui" if days == 0 else f"dans {accord(days, 'jour', 'jours')}"
    appel = f" ({dossier.appel})" if dossier.appel else ""
    return (
        f"{salutation(prenom=user.first_name, nom=user.last_name or user.username)},\n\n"
        f"L'échéance du dossier {dossier.instrument.nom}{appel} de "
        f"{dossier.collectivite.nom} tombe le {date_longue(dossier.echeance)}, {when}. "
        f"Le dossier est {dossier.get_etat_display().lower()}.\n\n"
        f"Le dossier : {settings.SITE_URL}{dossier.get_absolute_url()}\n"
    )


def register() -> None:
    """The nature of the reminders (not a mailing: it goes to a member of the réseau)."""
    registre.register_natures(NatureMessage, diffusions=set())
