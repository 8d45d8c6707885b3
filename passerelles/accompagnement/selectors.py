"""Reading dossiers: their deadlines, and what is due for the person who accompanies them."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from passerelles.leviers.models import Appel

from .models import Dossier, Etat

DUE_WITHIN_DAYS = 14
SILENT_AFTER_DAYS = 60
OPEN_STATES = (Etat.IDEE, Etat.EN_MONTAGE, Etat.DEPOSE)
# Once submitted, the call's closing is behind the dossier: only its own deadline remains.
NOT_SUBMITTED = (Etat.IDEE, Etat.EN_MONTAGE)


@dataclass(frozen=True)
class Echeance:
    date: datetime.date
    libelle: str
    cle: str  # what the reminder of this deadline is named by


def dossiers_of(*, reseau, collectivite, limit: int = 50) -> list:
    """The réseau's dossiers the collectivité carries or takes part in, the latest first. Its
    memberships are read as a list of dossiers rather than joined: no DISTINCT for PostgreSQL
    to plan and sort on every page of a collectivité."""
    joined = Dossier.membres.through.objects.filter(collectivite=collectivite).values("dossier_id")
    return list(
        Dossier.objects.for_reseau(reseau)
        .filter(Q(collectivite=collectivite) | Q(pk__in=joined))
        .select_related("collectivite", "instrument")[:limit]
    )


def echeances_of(dossier) -> list[Echeance]:
    """The dossier's own deadline and, until it is submitted, its call's closing; earliest first."""
    found = []
    if dossier.echeance:
        found.append(Echeance(dossier.echeance, "Échéance du dossier", "dossier"))
    appel = dossier.appel_catalogue
    if appel and appel.cloture and dossier.etat in NOT_SUBMITTED:
        what = "Fin de la déclaration" if appel.nature == "declaration" else "Clôture de l'appel"
        found.append(Echeance(appel.cloture, f"{what} « {appel.nom} »", f"appel-{appel.pk}"))
    return sorted(found, key=lambda echeance: echeance.date)


def next_deadline(dossier, today: datetime.date | None = None) -> Echeance | None:
    today = today or timezone.localdate()
    return next((echeance for echeance in echeances_of(dossier) if echeance.date >= today), None)


def open_call_of(instrument):
    """The instrument's call not yet closed, the soonest closing first; none if unknown."""
    if instrument is None:
        return None
    calls = Appel.objects.filter(instrument=instrument, cloture__gte=timezone.localdate())
    return calls.order_by("cloture").first()


def dossiers_due(*, reseau, user, today: datetime.date | None = None) -> list:
    """The user's open dossiers with a deadline past or within two weeks (their own, or their
    call's closing before they are submitted), earliest first; each carries `echeance_due`."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    candidates = (
        Dossier.objects.for_reseau(reseau)
        .filter(suivi_par=user, etat__in=OPEN_STATES)
        .filter(Q(echeance__lte=limit) | Q(etat__in=NOT_SUBMITTED, appel_catalogue__cloture__lte=limit))
        .select_related("collectivite", "instrument", "appel_catalogue")
    )
    due = []
    for dossier in candidates:
        dossier.echeance_due = next(e for e in echeances_of(dossier) if e.date <= limit)
        due.append(dossier)
    return sorted(due, key=lambda dossier: (dossier.echeance_due.date, dossier.pk))


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
