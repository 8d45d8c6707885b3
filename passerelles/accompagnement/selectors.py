"""Reading dossiers: what is due for the person who accompanies them."""

import datetime

from django.db.models import Max, Q
from django.utils import timezone

from .models import Dossier, Etat

DUE_WITHIN_DAYS = 14
SILENT_AFTER_DAYS = 60
OPEN_STATES = (Etat.IDEE, Etat.EN_MONTAGE, Etat.DEPOSE)


def dossiers_due(*, reseau, user, today: datetime.date | None = None):
    """The user's open dossiers whose deadline is past or within two weeks, earliest first."""
    today = today or timezone.localdate()
    return (
        Dossier.objects.for_reseau(reseau)
        .filter(
            suivi_par=user,
            etat__in=OPEN_STATES,
            echeance__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
        )
        .select_related("collectivite", "instrument")
        .order_by("echeance", "id")
    )


def dossiers_silent(*, reseau, user, today: datetime.date | None = None):
    """The user's open dossiers with no change, no move and no logged time for 60 days."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=SILENT_AFTER_DAYS)
    return (
        Dossier.objects.for_reseau(reseau)
        .filter(suivi_par=user, etat__in=OPEN_STATES, modifie_le__date__lt=since)
        .annotate(dernier_temps=Max("accompagnements__date"))
        .filter(Q(dernier_temps__isnull=True) | Q(dernier_temps__lt=since))
        .select_related("collectivite", "instrument")
        .order_by("modifie_le", "id")
    )
