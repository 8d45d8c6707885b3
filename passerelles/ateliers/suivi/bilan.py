"""What the ateliers of a period did, for the « information et sensibilisation » section of the
réseau's yearly bilan (passerelles.bilan): produced from the records, never retyped."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from passerelles.capitalisation.models import Fiche
from passerelles.mobilisation.models import PREUVES_OBSERVEES, ChangementEtape, Etape, Relance
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .historique import ENGAGEE, NOUVELLE, start_of
from .indicateurs import ateliers_filtered, ateliers_indicateurs, totals_of


def bilan_activite(reseau, *, debut: datetime.date, fin: datetime.date, today=None) -> dict:
    today = today or timezone.localdate()
    held = ateliers_filtered(reseau, debut=debut, fin=min(fin, today)).select_related("lieu_collectivite")
    rows = ateliers_indicateurs(reseau, held, today=today, comparer=False)
    places = {atelier.pk: atelier.lieu_collectivite for atelier in held}  # same rows, cached
    for row in rows:
        row["lieu"] = places[row["id"]].nom if places[row["id"]] else ""
    totaux = totals_of(rows)
    since, until = start_of(debut), start_of(fin + datetime.timedelta(days=1))
    changes = ChangementEtape.objects.for_reseau(reseau).filter(quand__gte=since, quand__lt=until)
    relances = Relance.objects.for_reseau(reseau)
    fiches = (
        Fiche.objects.for_reseau(reseau).filter(cree_le__gte=since, cree_le__lt=until).order_by("cree_le")
    )
    observed = changes.filter(preuve__in=PREUVES_OBSERVEES)
    chiffres = {
        "ateliers": len(rows),
        **{
            key: totaux[key]
            for key in (
                "participants_presents",
                "intervenants_presents",
                "collectivites_touchees",
                "collectivites_intervenantes",
                "nouvelles_collectivites",
                "nouvelles_eloignees",
                "deja_engagees",
            )
        },
        "changements_observes": observed.count(),
        "changements_declaratifs": changes.exclude(preuve__in=PREUVES_OBSERVEES).count(),
        "signes_de_changement": totaux["signes_de_changement"] or 0,
        "relances_faites": relances.filter(faite_le__gte=since, faite_le__lt=until).count(),
        "relances_ateliers_faites_a_temps": totaux["relances_faites_a_temps"],
        "relances_ateliers_en_retard": totaux["relances_en_retard"],
        "fiches": fiches.count(),
    }
    return {
        "debut": debut,
        "fin": fin,
        "chiffres": chiffres,
        "ateliers": rows,
        "par_role": _by_role(rows),
        "etapes": _by_stage(changes, observed),
        "signes": totaux["detail"]["signes"],
        "par_departement": _by_departement(rows),
        "fiches": list(fiches),
    }


def _by_stage(changes, observed) -> list[tuple[str, int, int]]:
    """Each stage reached in the period: observed moves, then declared ones."""

    def counted(rows):
        return dict(rows.values_list("nouvelle").annotate(n=Count("id")).values_list("nouvelle", "n"))

    every, seen = counted(changes), counted(observed)
    return [
        (etape.label, seen.get(etape.value, 0), every.get(etape.value, 0) - seen.get(etape.value, 0))
        for etape in Etape
        if etape != Etape.INCONNUE
    ]


def _by_role(rows: list[dict]) -> list[tuple[str, int]]:
    counts = Counter()
    for row in rows:
        if row["participants_presents"] is not None:
            counts.update(row["detail"]["par_role"])
    return sorted(((role, n) for role, n in counts.items() if n), key=lambda item: (-item[1], item[0]))


def _by_departement(rows: list[dict]) -> list[dict]:
    """Collectivités reached, new and engaged ones, by département (a collectivité counts once)."""
    first_status = {}
    for row in sorted(rows, key=lambda r: r["date"]):
        for collectivite in row["detail"]["collectivites"]:
            first_status.setdefault(collectivite["id"], collectivite["statut"])
    places = Collectivite.objects.filter(id__in=first_status).values(
        "id", "type", "code", "nom", "departement__code", "departement__nom"
    )
    table = defaultdict(lambda: {"touchees": 0, "nouvelles": 0, "engagees": 0})
    names = {}
    for place in places:
        code, nom = _departement_of(place)
        names[code] = nom
        line = table[code]
        line["touchees"] += 1
        line["nouvelles"] += first_status[place["id"]] == NOUVELLE
        line["engagees"] += first_status[place["id"]] == ENGAGEE
    return [{"code": code, "nom": names[code], **table[code]} for code in sorted(table)]


def _departement_of(place: dict) -> tuple[str, str]:
    if place["type"] == TypeCollectivite.DEPARTEMENT:
        return place["code"], place["nom"]
    if place["departement__code"]:
        return place["departement__code"], place["departement__nom"]
    return "—", "Échelon régional"
