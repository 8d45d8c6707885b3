"""« Quel point d'entrée fait venir de nouvelles collectivités ? » — the réseau's ateliers
grouped by entry point, format, target public and kind of venue, each group with its counts
and intervals; and, for réseaux that choose to share, the same counts by entry point pooled
across réseaux: numbers only, never a person, a collectivité or an atelier's title.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.models import Reseau
from passerelles.territoires.models import TypeCollectivite

from .indicateurs import ateliers_indicateurs, ruralite, totals_of
from .statistiques import compare, part, pas_encore

NON_PRECISE = "Non précisé"
DIMENSIONS = {
    "point_entree": "Point d'entrée",
    "format": "Format",
    "public": "Public ciblé",
    "lieu": "Type de lieu",
}
DEMI_JOURNEE = datetime.timedelta(hours=4, minutes=30)
SOIREE = datetime.time(17, 0)


def format_of(atelier: Atelier) -> str:
    if atelier.heure_debut >= SOIREE:
        return "Soirée"
    start = datetime.datetime.combine(atelier.date, atelier.heure_debut)
    end = datetime.datetime.combine(atelier.date, atelier.heure_fin)
    return "Demi-journée" if end - start <= DEMI_JOURNEE else "Journée"


def lieu_of(atelier: Atelier) -> str:
    place = atelier.lieu_collectivite
    if place is None:
        return NON_PRECISE
    if place.type != TypeCollectivite.COMMUNE:
        return f"{place.get_type_display()} (siège)"
    return {"rurale": "Commune rurale", "urbaine": "Commune urbaine"}.get(ruralite(place.densite), "Commune")


def groups_of(atelier: Atelier) -> dict[str, list[str]]:
    """The group(s) an atelier belongs to on each dimension (several publics are possible)."""
    return {
        "point_entree": [atelier.point_entree.nom if atelier.point_entree else NON_PRECISE],
        "format": [format_of(atelier)],
        "public": [role.libelle for role in atelier.roles.all()] or [NON_PRECISE],
        "lieu": [lieu_of(atelier)],
    }


def held_ateliers(reseau, today):
    return (
        Atelier.objects.for_reseau(reseau)
        .filter(date__lte=today)
        .exclude(statut=StatutAtelier.ANNULE)
        .select_related("point_entree", "lieu_collectivite")
        .prefetch_related("roles")
        .order_by("date", "pk")
    )


def figures_of_group(rows: list[dict]) -> dict:
    """Counts, shares with their intervals, satisfaction and observed progress at six months."""
    totals = totals_of(rows)
    touched = totals["collectivites_touchees"] or 0

    return {
        "ateliers": len(rows),
        "collectivites_touchees": touched,
        "eloignees": _counted(totals["collectivites_eloignees"] or 0, touched),
        "nouvelles": _counted(totals["nouvelles_collectivites"] or 0, touched),
        "nouvelles_eloignees": _counted(totals["nouvelles_eloignees"] or 0, touched),
        "satisfaction_moyenne": totals["satisfaction_moyenne"],
        "repondants": totals["repondants"],
        "enquete_fictive": totals["enquete_fictive"],
        "progression_6_mois": totals["progression_6_mois"],
    }


def _counted(found: int, whole: int) -> dict:
    return {"n": found, "sur": whole, **part(found, whole)}


def ce_qui_marche(reseau, *, today=None) -> dict:
    """The réseau's held ateliers, grouped on each dimension."""
    today = today or timezone.localdate()
    ateliers = list(held_ateliers(reseau, today))
    rows = {row["id"]: row for row in ateliers_indicateurs(reseau, ateliers, today=today)}
    tables = {}
    for dimension, label in DIMENSIONS.items():
        grouped = defaultdict(list)
        for atelier in ateliers:
            for name in groups_of(atelier)[dimension]:
                grouped[name].append(rows[atelier.pk])
        tables[dimension] = {
            "libelle": label,
            "groupes": [
                {"nom": name, **figures_of_group(grouped[name])}
                for name in sorted(grouped, key=lambda name: (name == NON_PRECISE, name))
            ],
        }
    return {"ateliers": len(ateliers), "dimensions": tables}


def pooled_by_entry_point(*, today=None) -> dict:
    """Counts by entry point over every réseau that shares, summed réseau by réseau: what a
    réseau that shares may see of the others. Nothing here names a réseau, an atelier, a
    person or a collectivité."""
    today = today or timezone.localdate()
    sharing = list(Reseau.objects.filter(partage_agregats=True).order_by("pk"))
    by_entry = defaultdict(lambda: defaultdict(int))
    contributors = defaultdict(set)
    for reseau in sharing:
        ateliers = list(held_ateliers(reseau, today))
        rows = ateliers_indicateurs(reseau, ateliers, today=today)
        grouped = defaultdict(list)
        for atelier, row in zip(ateliers, rows, strict=True):
            grouped[groups_of(atelier)["point_entree"][0]].append(row)
        for name, group_rows in grouped.items():
            _add(by_entry[name], totals_of(group_rows))
            contributors[name].add(reseau.pk)
    return {
        "reseaux": len(sharing),
        "points_entree": [
            _pooled_line(name, counts, len(contributors[name]))
            for name, counts in sorted(by_entry.items(), key=lambda item: (item[0] == NON_PRECISE, item[0]))
        ],
    }


def _add(counts: dict, totals: dict) -> None:
    counts["ateliers"] += totals["ateliers"]
    for key in ("collectivites_touchees", "collectivites_eloignees", "nouvelles_collectivites"):
        counts[key] += totals[key] or 0
    progress = totals["progression_6_mois"]
    if progress["mesurable"]:
        for group in ("participantes", "comparables"):
            counts[f"{group}_n"] += progress[group]["n"]
            counts[f"{group}_progressees"] += progress[group]["progressees"]


def _pooled_line(name: str, counts: dict, reseaux: int) -> dict:
    touched = counts["collectivites_touchees"]
    return {
        "nom": name,
        "reseaux": reseaux,
        "ateliers": counts["ateliers"],
        "collectivites_touchees": touched,
        "eloignees": _counted(counts["collectivites_eloignees"], touched),
        "nouvelles": _counted(counts["nouvelles_collectivites"], touched),
        "progression_6_mois": compare(
            (counts["participantes_progressees"], counts["participantes_n"]),
            (counts["comparables_progressees"], counts["comparables_n"]),
        )
        if counts["participantes_n"]
        else pas_encore(),
    }
