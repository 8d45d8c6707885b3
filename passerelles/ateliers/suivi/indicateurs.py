"""What an atelier did, computed from the records, never typed in.

Every figure is a function of dated records: registrations and attendance, survey answers,
relances, signs of change, and the pipeline's history (exchanges, engagement facts, stage
changes; see `historique` for which dates count). What the réseau cannot know is `None`
(shown « inconnu »), never 0. Reach counts participants only: speakers, organisers and
partners are shown apart. Progress is observed progress only (see `progression`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from passerelles.ateliers.inscriptions.models import EtatInscription, SourceInscription
from passerelles.mobilisation.models import PREFIXE_ATELIER
from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.selectors import POPULATION_BANDS

from .cible import cible_visee
from .historique import CONNUE, ENGAGEE, NOUVELLE, Historique, add_months, exchanged_between
from .lot import Enquete, Presences, enquetes_of, presences_of, relances_of, signes_of
from .progression import HORIZONS_MOIS, SUIVI_MOIS, pooled, progression
from .statistiques import PAS_ENCORE, pas_encore

ORIGINE_PREFIX = PREFIXE_ATELIER + "{pk}:"  # a relance's origine names its atelier
QUESTIONS_OUI_NON = ("trop_technique", "trop_institutionnel")
RELANCES = ("relances_total", "relances_dues", "relances_faites_a_temps", "relances_en_retard")
INCONNU = "inconnu"
NON_CALCULE = "non calculé"


def taille(population: int | None) -> str:
    if population is None:
        return INCONNU
    for code, (_, low, high) in POPULATION_BANDS.items():
        if population >= low and (high is None or population <= high):
            return code
    return INCONNU


def ruralite(densite: int | None) -> str:
    if densite is None:
        return INCONNU
    return "rurale" if densite >= 5 else "urbaine"


LIBELLES_TAILLE = {code: label for code, (label, _, _) in POPULATION_BANDS.items()} | {INCONNU: "Inconnue"}
LIBELLES_RURALITE = {"rurale": "Rurale", "urbaine": "Urbaine", INCONNU: "Inconnue"}
_ORDRE_TAILLES = {label: rank for rank, label in enumerate(LIBELLES_TAILLE.values())}
PROFILE_FIELDS = ("id", "nom", "type", "population_municipale", "densite")


class Profils:
    """Type, population and density of collectivités, each read once per dashboard."""

    def __init__(self):
        self._known: dict[int, dict] = {}

    def of(self, ids) -> dict[int, dict]:
        missing = {pk for pk in ids if pk is not None and pk not in self._known}
        if missing:
            rows = Collectivite.objects.filter(id__in=missing).values(*PROFILE_FIELDS)
            self._known.update((row["id"], row) for row in rows)
        return {pk: self._known[pk] for pk in ids if pk in self._known}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _count_people(inscriptions: list[dict], invitations: list[dict], profiles: dict) -> dict:
    """Invited, registered, present… by role, type, size band and rurality."""
    measures = {
        "invites": invitations,
        "inscrits": [i for i in inscriptions if _registered(i)],
        "participants_presents": [i for i in inscriptions if i["present"]],
        "absents": [i for i in inscriptions if _registered(i) and not i["present"]],
        "sans_inscription": [
            i for i in inscriptions if i["present"] and i["source"] == SourceInscription.SUR_PLACE
        ],
        "liste_attente": [i for i in inscriptions if i["etat"] == EtatInscription.ATTENTE],
    }
    labels = {pk: _labels(profile) for pk, profile in profiles.items()}
    outside = ("Hors collectivité",) * 3
    tables = {}
    for position, name in enumerate(("role", "type", "taille", "ruralite")):
        table = defaultdict(lambda: dict.fromkeys(measures, 0))
        for measure, rows in measures.items():
            counts = Counter(
                (row["role_libelle"] or "Rôle non renseigné")
                if position == 0
                else labels.get(row["collectivite_id"], outside)[position - 1]
                for row in rows
            )
            for label, n in counts.items():
                table[label][measure] = n
        tables[name] = sorted(table.items(), key=lambda item: (_ORDRE_TAILLES.get(item[0], 99), item[0]))
    return tables


def _labels(profile: dict) -> tuple[str, str, str]:
    return (
        TypeCollectivite(profile["type"]).label,
        LIBELLES_TAILLE[taille(profile["population_municipale"])],
        LIBELLES_RURALITE[ruralite(profile["densite"])],
    )


def _registered(inscription: dict) -> bool:
    return (
        inscription["etat"] == EtatInscription.CONFIRMEE
        and inscription["source"] != SourceInscription.SUR_PLACE
    )


def _invited(totals: Counter) -> int | None:
    """The invitation list's length, when it is the number of people invited: unknown when
    there is no list, or when fewer are on it than registered (the invitation went round by
    other ways: a partner's relay, the public link)."""
    listed = totals["invites"]
    return listed if listed and listed >= totals["inscrits"] else None


def atelier_indicateurs(
    atelier, *, historique: Historique | None = None, today=None, lot=None, comparer=True
) -> dict:
    """Every figure of one atelier, JSON-ready. Alone, it reads only what concerns this
    atelier, with the collectivités' names and the tables by role, type, size and rurality.
    Dashboards pass `historique` and a `lot` they read at once for all their ateliers
    (without names nor tables).
    Without `comparer` (the bilan does not report it), the comparison group is left out."""
    today = today or timezone.localdate()
    lot = lot or Lot.of(atelier.reseau, [atelier.pk], today, detail=True, comparer=comparer)
    presences = lot.presences[atelier.pk]
    historique = historique or Historique.of(atelier.reseau, collectivite_ids=_concerned(atelier, presences))
    reached, totals = presences.reached, presences.totals
    situations = historique.situations(reached, atelier.date)
    tally = Counter(situations.values())
    apart = totals["intervenants_presents"] + totals["organisateurs_partenaires_presents"]
    taken = atelier.date <= today and (totals["participants_presents"] > 0 or apart > 0)

    def once_taken(value):
        return value if taken else None

    result = {
        "id": atelier.pk,
        "titre": atelier.titre,
        "date": atelier.date.isoformat(),
        "invites": _invited(totals),
        "inscrits": totals["inscrits"],
        "participants_presents": once_taken(totals["participants_presents"]),
        "absents": once_taken(totals["absents"]),
        "sans_inscription": once_taken(totals["sans_inscription"]),
        "liste_attente": totals["liste_attente"],
        "intervenants_presents": once_taken(totals["intervenants_presents"]),
        "organisateurs_partenaires_presents": once_taken(totals["organisateurs_partenaires_presents"]),
        "collectivites_touchees": once_taken(len(reached)),
        "collectivites_intervenantes": once_taken(len(presences.speakers)),
        **{key: once_taken(n) for key, n in _by_status(tally).items()},
        "enquete_fictive": atelier.illustratif,
    }
    survey = lot.enquetes[atelier.pk]
    result |= satisfaction_of(survey)
    result |= relances_summary(lot.relances.get(atelier.pk))
    signes = lot.signes.get(atelier.pk, [])
    result["signes_de_changement"] = len(signes)
    if comparer and taken:
        followed = progression(atelier, reached, presences.came, presences.invited, historique, today)
    else:
        followed = not_compared(PAS_ENCORE if comparer else NON_CALCULE)
    result["changements_declaratifs"] = followed["changements_declaratifs"]
    curve = followed["courbe"]
    result |= {f"progression_{months}_mois": curve[months - 1] for months in HORIZONS_MOIS}
    named = Profils() if lot.detail else None  # one read of each collectivité, names and tables
    result["detail"] = {
        "date": atelier.date,
        "collectivites": _collectivites_rows(situations, named),
        "par_role": dict(presences.par_role),
        "par_civilite": dict(presences.par_civilite),
        "croisement": crossing(tally) if taken else None,
        "cible": cible_visee(lot.segments.get(atelier.pk, []), lot.objectifs.get(atelier.pk, [])),
        "signes": signes,
        "courbe": curve,
    }
    if lot.detail:
        profiles = named.of(_ids_of(presences.rows + presences.invitation_rows) | reached)
        result["detail"]["par"] = _count_people(presences.rows, presences.invitation_rows, profiles)
        result["detail"]["interets"] = dict(survey.interets.most_common())
    return result


def _concerned(atelier, presences) -> set[int]:
    """The collectivités whose history one atelier's figures need: those invited or present,
    and those the réseau talked to in the months of its follow-up (a comparison group)."""
    last = add_months(atelier.date, SUIVI_MOIS)
    return presences.came | presences.invited | exchanged_between(atelier.reseau, atelier.date, last)


def _ids_of(rows) -> set[int]:
    return {row["collectivite_id"] for row in rows if row["collectivite_id"]}


def _collectivites_rows(situations: dict[int, tuple[str, bool]], profils) -> list[dict]:
    """Each collectivité reached, its status the day before and whether it was far from
    international action; named when the page shows them (`profils`)."""
    rows = [{"id": pk, "statut": statut, "eloignee": far} for pk, (statut, far) in situations.items()]
    if not profils:
        return sorted(rows, key=lambda row: (row["statut"], row["id"]))
    names = {pk: profile["nom"] for pk, profile in profils.of(situations).items()}
    for row in rows:
        row["nom"] = names[row["id"]]
    return sorted(rows, key=lambda row: (row["statut"], row["nom"], row["id"]))


def _by_status(tally: Counter) -> dict:
    """The collectivités' figures from their tally by (status, far from international action)."""

    def count(wanted) -> int:
        return sum(n for (statut, far), n in tally.items() if wanted(statut, far))

    return {
        "nouvelles_collectivites": count(lambda statut, far: statut == NOUVELLE),
        "nouvelles_eloignees": count(lambda statut, far: statut == NOUVELLE and far),
        "collectivites_eloignees": count(lambda statut, far: far),
        "deja_connues": count(lambda statut, far: statut == CONNUE),
        "deja_engagees": count(lambda statut, far: statut == ENGAGEE),
    }


def crossing(tally: Counter) -> dict:
    """The 2 × 2 table: new to the réseau or not, against far from international action or not."""
    table = {row: {"eloignee": 0, "active": 0} for row in (NOUVELLE, CONNUE)}
    for (statut, far), n in tally.items():
        table[NOUVELLE if statut == NOUVELLE else CONNUE]["eloignee" if far else "active"] += n
    return table


def not_compared(conclusion: str) -> dict:
    curve = [
        {"mois": months, **pas_encore(), "conclusion": conclusion} for months in range(1, SUIVI_MOIS + 1)
    ]
    for point in curve:
        point["comparables"]["definition"] = ""
    return {"courbe": curve, "changements_declaratifs": None}


@dataclass
class Lot:
    """What a set of ateliers needs besides the pipeline's history, read at once (see `lot`)."""

    detail: bool
    presences: dict[int, Presences]
    enquetes: dict[int, Enquete]
    relances: dict[int, dict]
    signes: dict[int, list[dict]]
    segments: dict[int, list[tuple[str, dict]]]
    objectifs: dict[int, list[str]]

    @classmethod
    def of(
        cls, reseau, atelier_ids: list[int], today, *, detail: bool = False, comparer: bool = True
    ) -> "Lot":
        """Without `comparer`, the invited collectivités are not listed (the comparison group
        is all that needs them)."""
        from passerelles.ateliers.preparation.models import Atelier, Objectif

        segments = defaultdict(list)
        links = Atelier.segments.through.objects.filter(atelier_id__in=atelier_ids)
        for atelier_id, nom, filtres in links.values_list("atelier_id", "segment__nom", "segment__filtres"):
            segments[atelier_id].append((nom, filtres or {}))
        objectifs = defaultdict(list)
        aims = Objectif.objects.filter(atelier_id__in=atelier_ids).order_by("ordre", "pk")
        for atelier_id, intitule, description in aims.values_list("atelier_id", "intitule", "description"):
            objectifs[atelier_id].append(f"{intitule} : {description}" if description else intitule)
        return cls(
            detail,
            presences_of(atelier_ids, detail=detail, invited=comparer),
            enquetes_of(atelier_ids, detail=detail),
            relances_of(reseau, atelier_ids, today),
            signes_of(atelier_ids),
            dict(segments),
            dict(objectifs),
        )


def satisfaction_of(survey: Enquete) -> dict:
    noted = sum(survey.notes.values())
    return {
        "repondants": survey.repondants,
        "satisfaction_moyenne": round(sum(note * n for note, n in survey.notes.items()) / noted, 1)
        if noted
        else None,
        "satisfaction_notes": {note: survey.notes[note] for note in range(1, 6)},
        **{f"part_{code}": _share(survey.oui[code], survey.repondu[code]) for code in QUESTIONS_OUI_NON},
        "demandes_rendez_vous": survey.rendez_vous if survey.repondants else None,
        "comptes": {
            code: (survey.oui[code], survey.repondu[code])
            for code in ("trop_technique", "trop_institutionnel")
        },
    }


def relances_summary(row: dict | None) -> dict:
    if not row:
        return dict.fromkeys(
            ("relances_total", "relances_dues", "relances_faites_a_temps", "relances_en_retard")
        )
    return {
        "relances_total": row["total"],
        "relances_dues": row["dues"],
        "relances_faites_a_temps": row["a_temps"],
        "relances_en_retard": row["en_retard"],
    }


def ateliers_indicateurs(reseau, ateliers, *, today=None, comparer=True) -> list[dict]:
    """The indicators of several ateliers, reading the réseau's history once."""
    ateliers = list(ateliers)
    today = today or timezone.localdate()
    historique = Historique.of(reseau, echanges=comparer)
    lot = Lot.of(reseau, [atelier.pk for atelier in ateliers], today, comparer=comparer)
    return [
        atelier_indicateurs(atelier, historique=historique, today=today, lot=lot, comparer=comparer)
        for atelier in ateliers
    ]


# --- Across ateliers ---


def ateliers_filtered(reseau, *, debut=None, fin=None, point_entree=None, departement=None):
    from passerelles.ateliers.preparation.models import Atelier, StatutAtelier

    ateliers = Atelier.objects.for_reseau(reseau).exclude(statut=StatutAtelier.ANNULE).order_by("date", "pk")
    if debut:
        ateliers = ateliers.filter(date__gte=debut)
    if fin:
        ateliers = ateliers.filter(date__lte=fin)
    if point_entree:
        ateliers = ateliers.filter(point_entree__code=point_entree)
    if departement:
        ateliers = ateliers.filter(lieu_collectivite__departement__code=departement)
    return ateliers


def tableau_ateliers(reseau, *, today=None, **filters) -> dict:
    """Each atelier's figures and their totals, for the cross-atelier dashboard."""
    rows = ateliers_indicateurs(reseau, ateliers_filtered(reseau, **filters), today=today)
    return {"ateliers": rows, "totaux": totals_of(rows)}


SUMMED = (
    "invites",
    "inscrits",
    "participants_presents",
    "intervenants_presents",
    "organisateurs_partenaires_presents",
    "absents",
    "sans_inscription",
    "liste_attente",
    "demandes_rendez_vous",
    "changements_declaratifs",
    "signes_de_changement",
    "relances_total",
    "relances_dues",
    "relances_faites_a_temps",
    "relances_en_retard",
)


# Totals that mean nothing over part of the ateliers: « 1 invité » beside « 17 inscrits »
# when only one atelier's list is known.
WHOLE_OR_UNKNOWN = {"invites"}


def totals_of(rows: list[dict]) -> dict:
    """Totals over ateliers. A collectivité that came to several counts once, with its status
    at the first of them; shares are recomputed from the underlying counts, not averaged."""

    def total(key):
        known = [row[key] for row in rows if row[key] is not None]
        if key in WHOLE_OR_UNKNOWN and len(known) < len(rows):
            return None
        return sum(known) if known else None

    first = {}
    for row in sorted(rows, key=lambda r: r["date"]):
        for collectivite in row["detail"]["collectivites"]:
            first.setdefault(collectivite["id"], collectivite)
    tally = Counter((row["statut"], row["eloignee"]) for row in first.values())
    taken = any(row["participants_presents"] is not None for row in rows)

    def once_taken(value):
        return value if taken else None

    notes = Counter()
    for row in rows:
        notes.update({int(k): v for k, v in row["satisfaction_notes"].items()})
    answered = sum(notes.values())
    result = {
        "ateliers": len(rows),
        **{key: total(key) for key in SUMMED},
        "collectivites_touchees": once_taken(len(first)),
        "collectivites_intervenantes": total("collectivites_intervenantes"),
        **{key: once_taken(n) for key, n in _by_status(tally).items()},
        "enquete_fictive": any(row["enquete_fictive"] and row["repondants"] for row in rows),
        "repondants": sum(row["repondants"] for row in rows),
        "satisfaction_moyenne": round(sum(n * c for n, c in notes.items()) / answered, 1)
        if answered
        else None,
        "satisfaction_notes": dict(notes),
        **{
            f"part_{code}": _share(*_summed_counts(rows, code))
            for code in ("trop_technique", "trop_institutionnel")
        },
    }
    curve = [
        pooled([row["detail"]["courbe"][months - 1] for row in rows], months)
        for months in range(1, SUIVI_MOIS + 1)
    ]
    result |= {f"progression_{months}_mois": curve[months - 1] for months in HORIZONS_MOIS}
    result["detail"] = {
        "courbe": curve,
        "collectivites": [],
        "croisement": crossing(tally) if taken else None,
        "signes": [signe for row in rows for signe in row["detail"]["signes"]],
    }
    return result


def _summed_counts(rows, code) -> tuple[int, int]:
    pairs = [row["comptes"][code] for row in rows]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
