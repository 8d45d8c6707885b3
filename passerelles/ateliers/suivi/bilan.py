"""The bilan d'activité a réseau sends each year to the MEAE and its Région: produced from the
records of the period, never retyped."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from passerelles.capitalisation.models import Fiche
from passerelles.mobilisation.models import PREUVES_OBSERVEES, ChangementEtape, Etape, Relance
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .historique import ENGAGEE, NOUVELLE, start_of
from .indicateurs import ateliers_filtered, ateliers_indicateurs, totals_of
from .rapports import display, workbook_bytes

DEFINITIONS_BILAN = {
    "ateliers": ("Ateliers tenus", "Ateliers de la période dont la date est passée, hors ateliers annulés."),
    "participants_presents": (
        "Participants",
        "Personnes pointées présentes, inscrites ou venues sans inscription, comme participantes "
        "(intervenants, organisateurs et partenaires à part).",
    ),
    "intervenants_presents": (
        "Intervenants (à part)",
        "Personnes venues parler ou témoigner : elles ne sont pas comptées parmi les participants.",
    ),
    "collectivites_touchees": (
        "Collectivités touchées",
        "Collectivités distinctes représentées par au moins un participant à un atelier de la période.",
    ),
    "collectivites_intervenantes": (
        "Collectivités intervenantes (à part)",
        "Collectivités venues témoigner, atelier par atelier : elles ne sont pas comptées comme touchées.",
    ),
    "nouvelles_collectivites": (
        "Nouvelles collectivités",
        "Collectivités touchées avec lesquelles le réseau n'avait ni échange, ni fait enregistré, ni étape "
        "au-delà de « Inconnue » avant leur premier atelier de la période.",
    ),
    "nouvelles_eloignees": (
        "dont éloignées de l'action internationale",
        "Nouvelles collectivités sans coopération, jumelage, entrée de l'Atlas ni déclaration d'APD connus.",
    ),
    "deja_engagees": (
        "Collectivités déjà engagées",
        "Collectivités touchées qui avaient un fait d'engagement ou une étape « Engagée » avant leur premier "
        "atelier de la période.",
    ),
    "changements_observes": (
        "Changements d'étape observés",
        "Passages d'étape enregistrés pendant la période par l'équipe, pièce à l'appui (échange, "
        "délibération, dossier, fait d'engagement).",
    ),
    "changements_declaratifs": (
        "Changements d'étape déclaratifs",
        "Passages d'étape de la période faits par le logiciel seul (participation à un atelier, "
        "rendez-vous demandé au questionnaire, premier échange, fait importé) ou saisis sans pièce : "
        "ils ne sont pas une progression observée.",
    ),
    "signes_de_changement": (
        "Signes de changement après les ateliers",
        "Faits observés, datés et sourcés, que l'équipe attribue aux ateliers de la période.",
    ),
    "relances_faites": ("Relances faites", "Relances marquées faites pendant la période, toutes origines."),
    "relances_ateliers_faites_a_temps": (
        "Relances d'ateliers faites à temps",
        "Relances créées par les ateliers de la période et faites au plus tard à leur échéance.",
    ),
    "relances_ateliers_en_retard": (
        "Relances d'ateliers en retard",
        "Relances créées par les ateliers de la période, non faites, échéance dépassée.",
    ),
    "fiches": ("Fiches de capitalisation rédigées", "Fiches créées par le réseau pendant la période."),
}


def default_period(today=None) -> tuple[datetime.date, datetime.date]:
    year = (today or timezone.localdate()).year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


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
        "figures": [
            {"cle": key, "libelle": label, "valeur": display(key, chiffres[key]), "definition": definition}
            for key, (label, definition) in DEFINITIONS_BILAN.items()
        ],
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


ATELIER_COLUMNS = {
    "participants_presents": "Participants",
    "intervenants_presents": "Intervenants (à part)",
    "collectivites_touchees": "Collectivités touchées",
    "nouvelles_collectivites": "Nouvelles",
    "nouvelles_eloignees": "Nouvelles et éloignées",
}


def bilan_xlsx(bilan: dict) -> bytes:
    figures = [[f["libelle"], _cell(bilan["chiffres"][f["cle"]]), f["definition"]] for f in bilan["figures"]]
    ateliers = [
        [
            row["titre"],
            row["date"],
            *(_cell(row[key]) for key in ATELIER_COLUMNS),
        ]
        for row in bilan["ateliers"]
    ]
    signes = [
        [signe["date"].isoformat(), signe["nom"] or "", signe["constat"], signe["source"]]
        for signe in bilan["signes"]
    ]
    departements = [
        [d["code"], d["nom"], d["touchees"], d["nouvelles"], d["engagees"]] for d in bilan["par_departement"]
    ]
    return workbook_bytes(
        [
            ("Bilan", ["Indicateur", "Valeur", "Définition"], figures),
            ("Ateliers", ["Atelier", "Date", *ATELIER_COLUMNS.values()], ateliers),
            ("Participants par rôle", ["Rôle", "Participants"], [list(row) for row in bilan["par_role"]]),
            (
                "Par département",
                ["Code", "Département", "Collectivités touchées", "Nouvelles", "Déjà engagées"],
                departements,
            ),
            (
                "Changements d'étape",
                ["Nouvelle étape", "Observés (pièce à l'appui)", "Déclaratifs"],
                [list(row) for row in bilan["etapes"]],
            ),
            ("Signes de changement", ["Date", "Collectivité", "Constat", "Source"], signes),
            (
                "Fiches",
                ["Fiche", "Créée le"],
                [[f.titre, timezone.localtime(f.cree_le).date().isoformat()] for f in bilan["fiches"]],
            ),
        ]
    )


def _cell(value):
    return "inconnu" if value is None else value
