"""What an atelier did, computed from the records, never typed in.

Every figure is a function of dated records: registrations and attendance, survey answers,
relances, and the pipeline's history (exchanges, engagement facts, stage changes). What the
réseau cannot know is `None` (shown « inconnu »), never 0.

Dates that count, decided once for all indicators:
- « avant l'atelier » means strictly before the atelier's day (an exchange on the day is the
  atelier itself);
- an exchange counts at its `Interaction.date`; a stage at its `ChangementEtape.quand`;
- an engagement fact counts from the day the réseau recorded it (`FaitEngagement.cree_le`),
  not from `annee_debut` nor `date_source`: the measure is what the réseau knew the day of the
  atelier, and a jumelage since 1985 recorded after the atelier was unknown to it that day.
"""

import bisect
import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Min
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.invitations.models import Invitation
from passerelles.mobilisation.models import ChangementEtape, Etape, FaitEngagement, Interaction
from passerelles.mobilisation.services import FAITS_ENGAGEMENT
from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.selectors import POPULATION_BANDS

from .models import Reponse

NOUVELLE, CONNUE, ENGAGEE = "nouvelle", "connue", "engagee"
ORIGINE_PREFIX = "atelier:{pk}:"
HORIZONS_MOIS = (3, 6)
# Under ten collectivités in a group, one of them moves its share by ten points or more:
# more than the differences worth reporting, so no conclusion is drawn.
SEUIL_COMPARAISON = 10
INCONNU = "inconnu"

# An engaged stage is the top; « Déjà engagée » is not "further" than « Engagée ».
RANG = {etape.value: min(i, list(Etape).index(Etape.ENGAGEE)) for i, etape in enumerate(Etape)}
# Taking part in an atelier is itself what « Sensibilisée » records: progress is counted
# above it, for participants and comparables alike, so an atelier cannot credit itself.
RANG_SENSIBILISEE = RANG[Etape.SENSIBILISEE]

DEFINITIONS = {
    "invites": ("Invités", "Personnes (ou mairies) sur la liste d'invitation de l'atelier."),
    "inscrits": (
        "Inscrits",
        "Inscriptions confirmées avant le jour J (hors liste d'attente, annulations et venues sans "
        "inscription).",
    ),
    "presents": (
        "Participants présents",
        "Personnes pointées présentes le jour J, inscrites ou non, venues comme participantes. Les "
        "intervenants, organisateurs et partenaires sont comptés à part : ils ne sont pas le public "
        "touché. Inscrits, absents et tableaux par rôle ou par type ne comptent eux aussi que les "
        "participants.",
    ),
    "intervenants_presents": (
        "Intervenants présents",
        "Personnes présentes venues parler (intervention, témoignage) : intervenant d'une séquence "
        "du programme, ou qualité « intervenant » donnée par l'équipe.",
    ),
    "organisateurs_partenaires_presents": (
        "Organisateurs et partenaires présents",
        "Personnes présentes venues pour l'organisation ou comme partenaires de l'atelier.",
    ),
    "absents": ("Absents", "Inscrits confirmés non pointés présents (connu une fois l'atelier passé)."),
    "sans_inscription": ("Sans inscription", "Personnes venues sans s'être inscrites, ajoutées à l'accueil."),
    "liste_attente": ("Liste d'attente", "Inscriptions restées en liste d'attente."),
    "collectivites_presentes": (
        "Collectivités touchées",
        "Collectivités distinctes représentées par au moins un participant présent ; une "
        "collectivité venue seulement témoigner ou organiser n'est pas touchée.",
    ),
    "collectivites_intervenantes": (
        "Collectivités intervenantes",
        "Collectivités distinctes d'au moins un intervenant présent (venues témoigner).",
    ),
    "nouvelles_collectivites": (
        "Nouvelles collectivités",
        "Collectivités présentes avec lesquelles le réseau n'avait, avant le jour de l'atelier, ni "
        "échange, ni fait enregistré, ni étape au-delà de « Inconnue ».",
    ),
    "deja_connues": (
        "Déjà connues",
        "Collectivités présentes avec un échange, un fait ou une étape enregistrés avant l'atelier, "
        "mais pas engagées.",
    ),
    "deja_engagees": (
        "Déjà engagées",
        "Collectivités présentes qui avaient, avant l'atelier, un fait d'engagement enregistré "
        "(coopération, jumelage, autre action internationale) ou une étape « Engagée ».",
    ),
    "repondants": ("Répondants", "Personnes présentes qui ont répondu au questionnaire."),
    "satisfaction_moyenne": ("Satisfaction moyenne", "Moyenne des notes de 1 à 5 données au questionnaire."),
    "part_trop_technique": (
        "Trouvé trop technique",
        "Part des répondants à cette question qui ont trouvé des interventions trop techniques.",
    ),
    "part_trop_institutionnel": (
        "Trouvé trop institutionnel",
        "Part des répondants à cette question qui ont trouvé la partie institutionnelle trop "
        "institutionnelle.",
    ),
    "demandes_rendez_vous": ("Demandes de rendez-vous", "Répondants qui souhaitent un rendez-vous."),
    "relances_total": ("Relances créées", "Relances de suivi créées par l'atelier."),
    "relances_dues": (
        "Relances arrivées à échéance",
        "Relances de l'atelier dont l'échéance est passée ou du jour.",
    ),
    "relances_faites_a_temps": (
        "Relances faites à temps",
        "Relances de l'atelier marquées faites au plus tard le jour de leur échéance.",
    ),
    "relances_en_retard": (
        "Relances en retard",
        "Relances de l'atelier non faites dont l'échéance est dépassée.",
    ),
    "progression_3_mois": (
        "Progression à 3 mois",
        "Part des collectivités qui ont atteint, 3 mois après l'atelier, une étape au-delà de leur "
        "étape de départ et au-delà de « Sensibilisée » (que la seule participation donne), comparée "
        "aux collectivités semblables qui ne sont pas venues : même type, même tranche de population, "
        "même ruralité, même étape de départ, même région. La part des comparables est pondérée pour "
        "refléter le profil des participantes. En dessous de "
        f"{SEUIL_COMPARAISON} collectivités dans un groupe : « trop peu pour conclure ».",
    ),
    "progression_6_mois": ("Progression à 6 mois", "Même mesure, 6 mois après l'atelier."),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Historique:
    """What a réseau had recorded about each collectivité, with dates; loaded once and shared
    by every atelier of a dashboard."""

    # id -> (POSIX timestamps, stages): comparing floats keeps bisection fast on big histories.
    etapes: dict[int, tuple[list, list]] = field(default_factory=dict)
    premier_echange: dict[int, datetime.date] = field(default_factory=dict)
    premier_fait: dict[int, datetime.date] = field(default_factory=dict)
    premier_engagement: dict[int, datetime.date] = field(default_factory=dict)

    @classmethod
    def of(cls, reseau) -> "Historique":
        history = cls()
        changes = defaultdict(lambda: ([], []))
        rows = ChangementEtape.objects.for_reseau(reseau).order_by("quand", "id")
        for collectivite_id, nouvelle, quand in rows.values_list("collectivite_id", "nouvelle", "quand"):
            changes[collectivite_id][0].append(quand.timestamp())
            changes[collectivite_id][1].append(nouvelle)
        history.etapes = dict(changes)
        interactions = Interaction.objects.for_reseau(reseau).exclude(collectivite=None)
        history.premier_echange = dict(
            interactions.values("collectivite_id").annotate(d=Min("date")).values_list("collectivite_id", "d")
        )
        faits = FaitEngagement.objects.for_reseau(reseau)
        history.premier_fait = _first_recorded(faits)
        history.premier_engagement = _first_recorded(faits.filter(type__in=FAITS_ENGAGEMENT))
        return history

    def etape_au(self, collectivite_id: int, moment: float) -> str:
        """The stage held just before `moment` (a POSIX timestamp)."""
        instants, stages = self.etapes.get(collectivite_id, ((), ()))
        position = bisect.bisect_left(instants, moment)
        return stages[position - 1] if position else Etape.INCONNUE

    def depart_et_progres(self, collectivite_id: int, moment: float) -> tuple[str, float | None]:
        """The stage held at `moment`, and when the collectivité first went above both it and
        « Sensibilisée » afterwards (None if it never did): one bisection serves both."""
        instants, stages = self.etapes.get(collectivite_id, ((), ()))
        position = bisect.bisect_left(instants, moment)
        start = stages[position - 1] if position else Etape.INCONNUE
        floor = max(RANG[start], RANG_SENSIBILISEE)
        for index in range(position, len(instants)):
            if RANG[stages[index]] > floor:
                return start, instants[index]
        return start, None

    def statut_avant(self, collectivite_id: int, day: datetime.date, moment: float | None = None) -> str:
        """New, known or engaged, as the réseau's records stood before `day` (whose start is
        `moment`, when the caller already has it)."""
        stage = self.etape_au(collectivite_id, moment or start_of(day).timestamp())
        engagement = self.premier_engagement.get(collectivite_id)
        if RANG[stage] == RANG[Etape.ENGAGEE] or (engagement and engagement < day):
            return ENGAGEE
        exchange, fact = self.premier_echange.get(collectivite_id), self.premier_fait.get(collectivite_id)
        if stage != Etape.INCONNUE or (exchange and exchange < day) or (fact and fact < day):
            return CONNUE
        return NOUVELLE


def _first_recorded(faits) -> dict[int, datetime.date]:
    first = faits.values("collectivite_id").annotate(d=Min("cree_le")).values_list("collectivite_id", "d")
    return {pk: timezone.localdate(when) for pk, when in first}


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
PROFILE_FIELDS = ("id", "nom", "type", "population_municipale", "densite", "region_id", "departement_id")


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _count_people(inscriptions: list[dict], invitations: list[dict], profiles: dict) -> tuple[dict, dict]:
    """Invited, registered, present… by role, type, size band and rurality."""
    measures = {
        "invites": invitations,
        "inscrits": [i for i in inscriptions if _registered(i)],
        "presents": [i for i in inscriptions if i["present"]],
        "absents": [i for i in inscriptions if _registered(i) and not i["present"]],
        "sans_inscription": [
            i for i in inscriptions if i["present"] and i["source"] == SourceInscription.SUR_PLACE
        ],
        "liste_attente": [i for i in inscriptions if i["etat"] == EtatInscription.ATTENTE],
    }
    labels = {pk: _labels(profile) for pk, profile in profiles.items()}
    outside = ("Hors collectivité",) * 3
    tables = {}
    totals = {measure: len(rows) for measure, rows in measures.items()}
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
    return totals, tables


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


def atelier_indicateurs(
    atelier, *, historique: Historique | None = None, today=None, pool=None, lot=None, comparer=True
) -> dict:
    """Every figure of one atelier, JSON-ready. Dashboards share `historique` and `pool`, and
    pass in `lot` the answers and relances of all their ateliers, read at once. Without
    `comparer` (the bilan does not report it), the comparison group is left out."""
    today = today or timezone.localdate()
    historique = historique or Historique.of(atelier.reseau)
    lot = lot or Lot.of(atelier.reseau, [atelier.pk])
    everyone = list(
        Inscription.objects.filter(atelier=atelier).values(
            "etat", "present", "source", "qualite", "collectivite_id", role_libelle=F("role__libelle")
        )
    )
    # Who spoke, organised or partnered is not who was reached: counted apart.
    inscriptions = [i for i in everyone if i["qualite"] == Qualite.PARTICIPANT]
    apart = [i for i in everyone if i["qualite"] != Qualite.PARTICIPANT and i["present"]]
    speakers = [i for i in apart if i["qualite"] == Qualite.INTERVENANT]
    invitations = list(
        Invitation.objects.filter(atelier=atelier).values(
            "collectivite_id", role_libelle=F("contact__role__libelle")
        )
    )
    present_ids = {i["collectivite_id"] for i in inscriptions if i["present"] and i["collectivite_id"]}
    pool = pool or Pool()
    profiles = pool.profiles(present_ids | {i["collectivite_id"] for i in inscriptions + invitations})
    moment = start_of(atelier.date).timestamp()
    statuts = {pk: historique.statut_avant(pk, atelier.date, moment) for pk in present_ids}
    totals, tables = _count_people(inscriptions, invitations, profiles)
    attendance_taken = atelier.date <= today and (totals["presents"] > 0 or bool(apart))
    result = {
        "id": atelier.pk,
        "titre": atelier.titre,
        "date": atelier.date.isoformat(),
        "invites": totals["invites"] if invitations else None,
        "inscrits": totals["inscrits"],
        "presents": totals["presents"] if attendance_taken else None,
        "absents": totals["absents"] if attendance_taken else None,
        "sans_inscription": totals["sans_inscription"] if attendance_taken else None,
        "liste_attente": totals["liste_attente"],
        "intervenants_presents": len(speakers) if attendance_taken else None,
        "organisateurs_partenaires_presents": len(apart) - len(speakers) if attendance_taken else None,
        "collectivites_presentes": len(present_ids) if attendance_taken else None,
        "collectivites_intervenantes": len({i["collectivite_id"] for i in speakers if i["collectivite_id"]})
        if attendance_taken
        else None,
        "nouvelles_collectivites": _count(statuts, NOUVELLE, attendance_taken),
        "deja_connues": _count(statuts, CONNUE, attendance_taken),
        "deja_engagees": _count(statuts, ENGAGEE, attendance_taken),
    }
    result |= satisfaction_of(lot.reponses.get(atelier.pk, []))
    result |= relances_summary(lot.relances.get(atelier.pk, []), today)
    comparison = (
        progression(atelier, present_ids, profiles, historique, today, pool=pool)
        if comparer
        else NON_COMPAREE
    )
    result |= {f"progression_{months}_mois": comparison[months] for months in HORIZONS_MOIS}
    result["detail"] = {
        "date": atelier.date,
        "par": tables,
        "collectivites": sorted(
            ({"id": pk, "nom": profiles[pk]["nom"], "statut": statut} for pk, statut in statuts.items()),
            key=lambda row: (row["statut"], row["nom"]),
        ),
        "courbe": comparison["courbe"],
    }
    return result


def _count(statuts: dict, statut: str, known: bool) -> int | None:
    return sum(1 for value in statuts.values() if value == statut) if known else None


@dataclass
class Lot:
    """Survey answers and relances of a set of ateliers, by atelier, read in two queries."""

    reponses: dict[int, list[dict]]
    relances: dict[int, list[tuple]]

    @classmethod
    def of(cls, reseau, atelier_ids: list[int]) -> "Lot":
        from passerelles.mobilisation.models import Relance

        reponses = defaultdict(list)
        answered = Reponse.objects.filter(inscription__atelier__in=atelier_ids, repondu_le__isnull=False)
        for atelier_id, valeurs in answered.values_list("inscription__atelier_id", "valeurs"):
            reponses[atelier_id].append(valeurs)
        relances = defaultdict(list)
        wanted = set(atelier_ids)
        rows = Relance.objects.for_reseau(reseau).filter(origine__startswith="atelier:")
        for origine, echeance, faite_le in rows.values_list("origine", "echeance", "faite_le"):
            atelier_id = int(origine.split(":")[1]) if origine.split(":")[1].isdigit() else None
            if atelier_id in wanted:
                relances[atelier_id].append((echeance, faite_le))
        return cls(dict(reponses), dict(relances))


def satisfaction_of(answers: list[dict]) -> dict:
    notes = [a["satisfaction"] for a in answers if isinstance(a.get("satisfaction"), int)]
    interests = Counter(code for a in answers for code in a.get("points_entree") or [])
    return {
        "repondants": len(answers),
        "satisfaction_moyenne": round(sum(notes) / len(notes), 1) if notes else None,
        "satisfaction_notes": {note: notes.count(note) for note in range(1, 6)},
        "part_trop_technique": _yes_share(answers, "trop_technique"),
        "part_trop_institutionnel": _yes_share(answers, "trop_institutionnel"),
        "demandes_rendez_vous": sum(1 for a in answers if (a.get("rendez_vous") or {}).get("souhaite"))
        if answers
        else None,
        "points_entree_interet": dict(interests.most_common()),
        "comptes": {code: _yes_counts(answers, code) for code in ("trop_technique", "trop_institutionnel")},
    }


def _yes_counts(answers: list[dict], code: str) -> tuple[int, int]:
    given = [a[code] for a in answers if isinstance(a.get(code), bool)]
    return sum(given), len(given)


def _yes_share(answers: list[dict], code: str) -> float | None:
    return _share(*_yes_counts(answers, code))


def relances_summary(rows: list[tuple], today) -> dict:
    if not rows:
        return dict.fromkeys(
            ("relances_total", "relances_dues", "relances_faites_a_temps", "relances_en_retard")
        )
    return {
        "relances_total": len(rows),
        "relances_dues": sum(1 for due, _ in rows if due <= today),
        "relances_faites_a_temps": sum(1 for due, done in rows if done and timezone.localdate(done) <= due),
        "relances_en_retard": sum(1 for due, done in rows if not done and due < today),
    }


# --- Did it change anything? ---


def _stratum(profile: dict) -> tuple:
    return (
        profile["type"],
        taille(profile["population_municipale"]),
        ruralite(profile["densite"]),
        profile["region_id"],
    )


class Pool:
    """Collectivités that could be compared with participants, by région and type; cached
    across the ateliers of a dashboard."""

    def __init__(self):
        self._by_key: dict[tuple, list[tuple[int, tuple]]] = {}
        self._profiles: dict[int, dict] = {}

    def profiles(self, ids) -> dict[int, dict]:
        """Type, population, density… of collectivités, each read once per dashboard."""
        missing = {pk for pk in ids if pk is not None and pk not in self._profiles}
        if missing:
            rows = Collectivite.objects.filter(id__in=missing).values(*PROFILE_FIELDS)
            self._profiles.update((row["id"], row) for row in rows)
        return {pk: self._profiles[pk] for pk in ids if pk in self._profiles}

    def members(self, region_id, type_) -> list[tuple[int, tuple]]:
        key = (region_id, type_)
        if key not in self._by_key:
            rows = Collectivite.objects.filter(actif=True, region_id=region_id, type=type_).values(
                *PROFILE_FIELDS
            )
            self._by_key[key] = [(row["id"], _stratum(row)) for row in rows]
        return self._by_key[key]


_NON_CALCULE = {
    "participantes": {"n": None, "part": None},
    "comparables": {"n": None, "part": None},
    "mesurable": False,
    "conclusion": "non calculé",
}
NON_COMPAREE = {
    **dict.fromkeys(HORIZONS_MOIS, _NON_CALCULE),
    "courbe": [{"mois": months, **_NON_CALCULE} for months in range(1, max(HORIZONS_MOIS) + 1)],
}


def progression(atelier, present_ids, profiles, historique, today, *, pool) -> dict:
    """Participants against similar collectivités that did not come, at 3 and 6 months, and
    month by month for the curve."""
    start_instant = start_of(atelier.date).timestamp()
    follow = historique.depart_et_progres
    participants, progress = {}, {}  # id -> (stratum, starting stage); id -> when it progressed
    for pk in present_ids:
        start, progress[pk] = follow(pk, start_instant)
        participants[pk] = (_stratum(profiles[pk]), start)
    wanted = {stratum for stratum, _ in participants.values()}
    comparables = defaultdict(list)  # (stratum, starting stage) -> ids
    with_history = historique.etapes
    for region_id, type_ in {(s[3], s[0]) for s in wanted}:
        for pk, stratum in pool.members(region_id, type_):
            if stratum not in wanted or pk in present_ids:
                continue
            # Most have no history at all: still « Inconnue », they never progressed.
            if pk in with_history:
                start, progress[pk] = follow(pk, start_instant)
            else:
                start = Etape.INCONNUE
            comparables[(stratum, start)].append(pk)
    matched = {pk: key for pk, key in participants.items() if comparables.get(key)}
    groups = {key: comparables[key] for key in set(matched.values())}
    # When each member of a group progressed, sorted: counting at a horizon is one bisection.
    timelines = {key: sorted(progress[pk] for pk in ids if progress.get(pk)) for key, ids in groups.items()}
    own = sorted(progress[pk] for pk in matched if progress.get(pk))
    result = {}
    curve = []
    for months in range(1, max(HORIZONS_MOIS) + 1):
        horizon = add_months(atelier.date, months)
        measured = _compare(matched, groups, timelines, own, start_of(horizon).timestamp(), horizon <= today)
        curve.append({"mois": months, **measured})
        if months in HORIZONS_MOIS:
            result[months] = measured
    result["courbe"] = curve
    return result


def _compare(matched: dict, groups: dict, timelines: dict, own: list, instant, reached: bool) -> dict:
    if not reached:
        unknown = {"n": None, "part": None}
        return {
            "participantes": unknown,
            "comparables": dict(unknown),
            "mesurable": False,
            "conclusion": "pas encore mesurable",
        }

    rates = {key: bisect.bisect_left(timelines[key], instant) / len(ids) for key, ids in groups.items()}
    participants = {"n": len(matched), "part": _share(bisect.bisect_left(own, instant), len(matched))}
    weighted = round(sum(rates[key] for key in matched.values()) / len(matched), 3) if matched else None
    n_comparables = sum(len(ids) for ids in groups.values())
    enough = len(matched) >= SEUIL_COMPARAISON and n_comparables >= SEUIL_COMPARAISON
    return {
        "participantes": participants,
        "comparables": {"n": n_comparables, "part": weighted},
        "mesurable": True,
        "conclusion": _conclusion(participants["part"], weighted, enough),
    }


def _conclusion(part, weighted, enough: bool) -> str:
    if part is None or weighted is None:
        return "aucune collectivité comparable"
    if not enough:
        return "trop peu pour conclure"
    if part > weighted:
        return "les participantes ont davantage progressé"
    if part < weighted:
        return "les participantes ont moins progressé"
    return "pas de différence"


def ateliers_indicateurs(reseau, ateliers, *, today=None, comparer=True) -> list[dict]:
    """The indicators of several ateliers, reading the réseau's history once."""
    ateliers = list(ateliers)
    historique, pool, lot = (
        Historique.of(reseau),
        Pool(),
        Lot.of(reseau, [atelier.pk for atelier in ateliers]),
    )
    return [
        atelier_indicateurs(
            atelier, historique=historique, today=today, pool=pool, lot=lot, comparer=comparer
        )
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


def totals_of(rows: list[dict]) -> dict:
    """Totals over ateliers. A collectivité that came to several counts once, with its status
    at the first of them; shares are recomputed from the underlying counts, not averaged."""

    def total(key):
        known = [row[key] for row in rows if row[key] is not None]
        return sum(known) if known else None

    first_status = {}
    for row in sorted(rows, key=lambda r: r["date"]):
        for collectivite in row["detail"]["collectivites"]:
            first_status.setdefault(collectivite["id"], collectivite["statut"])
    attended = any(row["presents"] is not None for row in rows)
    notes = Counter()
    for row in rows:
        notes.update({int(k): v for k, v in row["satisfaction_notes"].items()})
    answered = sum(notes.values())
    result = {
        "ateliers": len(rows),
        **{
            key: total(key)
            for key in (
                "invites",
                "inscrits",
                "presents",
                "intervenants_presents",
                "organisateurs_partenaires_presents",
                "absents",
                "sans_inscription",
                "liste_attente",
            )
        },
        "collectivites_presentes": len(first_status) if attended else None,
        "nouvelles_collectivites": _count(first_status, NOUVELLE, attended),
        "deja_connues": _count(first_status, CONNUE, attended),
        "deja_engagees": _count(first_status, ENGAGEE, attended),
        "repondants": sum(row["repondants"] for row in rows),
        "satisfaction_moyenne": round(sum(n * c for n, c in notes.items()) / answered, 1)
        if answered
        else None,
        "satisfaction_notes": dict(notes),
        **{
            f"part_{code}": _share(*_summed_counts(rows, code))
            for code in ("trop_technique", "trop_institutionnel")
        },
        "demandes_rendez_vous": total("demandes_rendez_vous"),
        **{
            key: total(key)
            for key in ("relances_total", "relances_dues", "relances_faites_a_temps", "relances_en_retard")
        },
    }
    curve = [
        _pooled([row["detail"]["courbe"][i] for row in rows], months) for i, months in enumerate(range(1, 7))
    ]
    result |= {f"progression_{months}_mois": curve[months - 1] for months in HORIZONS_MOIS}
    result["detail"] = {"courbe": curve, "collectivites": []}
    return result


def _summed_counts(rows, code) -> tuple[int, int]:
    pairs = [row["comptes"][code] for row in rows]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


def _pooled(points: list[dict], months: int) -> dict:
    """Participants pooled over ateliers; comparables weighted as each atelier's participants."""
    measured = [p for p in points if p["mesurable"] and p["participantes"]["n"]]
    if not measured:
        unknown = {"n": None, "part": None}
        return {
            "mois": months,
            "participantes": unknown,
            "comparables": dict(unknown),
            "mesurable": False,
            "conclusion": "pas encore mesurable",
        }
    n = sum(p["participantes"]["n"] for p in measured)
    part = round(sum(p["participantes"]["part"] * p["participantes"]["n"] for p in measured) / n, 3)
    weighted = round(sum(p["comparables"]["part"] * p["participantes"]["n"] for p in measured) / n, 3)
    n_comparables = sum(p["comparables"]["n"] for p in measured)
    enough = n >= SEUIL_COMPARAISON and n_comparables >= SEUIL_COMPARAISON
    return {
        "mois": months,
        "participantes": {"n": n, "part": part},
        "comparables": {"n": n_comparables, "part": weighted},
        "mesurable": True,
        "conclusion": _conclusion(part, weighted, enough),
    }
