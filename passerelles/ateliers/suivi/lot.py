"""What the indicators read for a set of ateliers, in a fixed number of queries whatever
their number: attendance, invitations, survey answers and relances are counted by the
database (GROUP BY), so a dashboard of 200 ateliers and 50,000 participants reads a few
thousand grouped rows, not every registration. One atelier's page also reads its rows one by
one, for the tables by role, type, size and rurality (`detail=True`).
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, F, Q, TextField
from django.db.models.functions import TruncDate

from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.invitations.models import Invitation
from passerelles.contacts.models import Role
from passerelles.mobilisation.models import Relance

from .models import Reponse, SigneChangement

SANS_ROLE = "Rôle non renseigné"


@dataclass
class Presences:
    """Who was invited, registered and came to one atelier; collectivités by their part."""

    totals: Counter = field(default_factory=Counter)  # participants' measures, and the others present
    reached: set[int] = field(default_factory=set)  # collectivités of present participants
    came: set[int] = field(default_factory=set)  # collectivités of anyone present
    speakers: set[int] = field(default_factory=set)  # collectivités of present intervenants
    invited: set[int] = field(default_factory=set)
    par_role: Counter = field(default_factory=Counter)  # present participants by role
    par_civilite: Counter = field(default_factory=Counter)  # present participants by civility
    rows: list[dict] | None = None  # participants' registrations, one by one (detail only)
    invitation_rows: list[dict] | None = None


def _measures(etat, present, source, qualite) -> list[str]:
    """The measures one registration counts in: participants', or the « apart » present."""
    if qualite != Qualite.PARTICIPANT:
        if not present:
            return []
        return [
            "intervenants_presents"
            if qualite == Qualite.INTERVENANT
            else "organisateurs_partenaires_presents"
        ]
    found = []
    if etat == EtatInscription.CONFIRMEE and source != SourceInscription.SUR_PLACE:
        found.append("inscrits")
        if not present:
            found.append("absents")
    if present:
        found.append("participants_presents")
        if source == SourceInscription.SUR_PLACE:
            found.append("sans_inscription")
    if etat == EtatInscription.ATTENTE:
        found.append("liste_attente")
    return found


class Identifiants(Aggregate):
    """The distinct ids of a group as one text, « 12,7,40 »: the database sends one row per
    atelier instead of one per collectivité, and Python splits it at C speed."""

    function = "GROUP_CONCAT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        # Made distinct as numbers, then written out: sorting them as text costs twice as much.
        template = "ARRAY_TO_STRING(ARRAY_AGG(DISTINCT %(expressions)s), ',')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _ids(text: str | None) -> set[int]:
    return set(map(int, text.split(","))) if text else set()


def presences_of(
    atelier_ids: list[int], *, detail: bool = False, invited: bool = True
) -> dict[int, Presences]:
    """Without `invited`, the invitations are counted but their collectivités not listed: only
    a comparison group needs them."""
    presences = {pk: Presences() for pk in atelier_ids}
    # Without their default ordering, which would add the name to the GROUP BY and DISTINCT.
    registrations = Inscription.objects.filter(atelier_id__in=atelier_ids).order_by()
    # One GROUP BY in the order of the index `inscription_chiffres`, read from it alone (hence
    # COUNT(*): the id is not in it on PostgreSQL): what each group counts in, and its collectivités.
    grouped = registrations.values_list(
        "atelier_id", "qualite", "present", "etat", "source", "role_id", "civilite"
    ).annotate(n=Count("*"), ids=Identifiants("collectivite_id"))
    roles = dict(Role.objects.values_list("pk", "libelle"))
    for atelier_id, qualite, present, etat, source, role_id, civilite, n, ids in grouped:
        found = presences[atelier_id]
        for measure in _measures(etat, present, source, qualite):
            found.totals[measure] += n
        if not present:
            continue
        collectivites = _ids(ids)
        found.came |= collectivites
        if qualite == Qualite.PARTICIPANT:
            found.reached |= collectivites
            found.par_role[roles.get(role_id, SANS_ROLE)] += n
            found.par_civilite[civilite] += n
        elif qualite == Qualite.INTERVENANT:
            found.speakers |= collectivites
    invitations = Invitation.objects.filter(atelier_id__in=atelier_ids).order_by()
    listed = {"ids": Identifiants("collectivite_id")} if invited else {}
    for row in invitations.values("atelier_id").annotate(n=Count("*"), **listed):
        presences[row["atelier_id"]].totals["invites"] += row["n"]
        presences[row["atelier_id"]].invited |= _ids(row.get("ids"))
    if detail:
        _read_rows(presences, registrations, invitations)
    return presences


def _read_rows(presences: dict, registrations, invitations) -> None:
    """Participants and invitations one by one, for the tables by role, type, size, rurality."""
    for found in presences.values():
        found.rows, found.invitation_rows = [], []
    for row in registrations.filter(qualite=Qualite.PARTICIPANT).values(
        "atelier_id", "etat", "present", "source", "collectivite_id", role_libelle=F("role__libelle")
    ):
        presences[row.pop("atelier_id")].rows.append(row)
    for row in invitations.values("atelier_id", "collectivite_id", role_libelle=F("contact__role__libelle")):
        presences[row.pop("atelier_id")].invitation_rows.append(row)


# --- Survey answers, counted by the database ---


def _note(value) -> int | None:
    """A satisfaction note as the survey stores it (an integer from 1 to 5), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


@dataclass
class Enquete:
    """One atelier's answers: how many, notes, yes/no counts, meetings asked, interests."""

    repondants: int = 0
    notes: Counter = field(default_factory=Counter)
    oui: Counter = field(default_factory=Counter)
    repondu: Counter = field(default_factory=Counter)
    rendez_vous: int = 0
    interets: Counter = field(default_factory=Counter)


def enquetes_of(atelier_ids: list[int], *, detail: bool = False) -> dict[int, Enquete]:
    """Participants' answers only: a speaker's opinion is not the public's."""
    answered = Reponse.objects.filter(questionnaire__atelier_id__in=atelier_ids, repondu_le__isnull=False)
    counted = Counter()
    # Every answer to these surveys grouped by what it says, less the few of people who are not
    # participants: the many participants' answers are counted without reading their
    # registrations. (A survey and its answers' registrations are those of one atelier.)
    for atelier_id, answers, n in _grouped(answered):
        counted[atelier_id, answers] += n
    others = [qualite for qualite in Qualite.values if qualite != Qualite.PARTICIPANT]
    not_participants = Inscription.objects.filter(atelier_id__in=atelier_ids, qualite__in=others)
    apart = answered.filter(inscription__in=not_participants.values("id"))
    for atelier_id, answers, n in _grouped(apart):
        counted[atelier_id, answers] -= n
    found = {pk: Enquete() for pk in atelier_ids}
    meanings = {}  # a few dozen different answers across all ateliers: each is read once
    for (atelier_id, answers), n in counted.items():
        if not n:
            continue
        if answers not in meanings:
            meanings[answers] = _meaning(answers)
        note, yes_no, meeting = meanings[answers]
        survey = found[atelier_id]
        survey.repondants += n
        if note is not None:
            survey.notes[note] += n
        for code, yes in yes_no:
            survey.repondu[code] += n
            survey.oui[code] += n * yes
        survey.rendez_vous += n * meeting
    if detail:
        participants = answered.filter(inscription__qualite=Qualite.PARTICIPANT)
        for atelier_id, valeurs in participants.values_list("questionnaire__atelier_id", "valeurs"):
            found[atelier_id].interets.update(valeurs.get("points_entree") or [])
    return found


def _meaning(answers: str) -> tuple[int | None, list[tuple[str, bool]], bool]:
    """What one answer counts for: its note, the yes/no questions it answered (and how), and
    whether it asks for a meeting."""
    note, technical, institutional, meeting = json.loads(answers)
    yes_no = [
        (code, value)
        for code, value in (("trop_technique", technical), ("trop_institutionnel", institutional))
        if isinstance(value, bool)
    ]
    return _note(note), yes_no, meeting is True


def _grouped(answers):
    """(atelier, the values counted, how many answers say them)."""
    grouped = answers.order_by().values_list("questionnaire__atelier_id", "valeurs_comptees")
    return grouped.annotate(n=Count("*"))


# --- Relances, counted by the database ---


def relances_of(reseau, atelier_ids: list[int], today) -> dict[int, dict]:
    """Each atelier's relances (those whose origine names it, see `Relance.atelier_origine`):
    created, due, done in time, late."""
    wanted = {str(pk): pk for pk in atelier_ids}
    rows = (
        Relance.objects.for_reseau(reseau)
        .filter(atelier_origine__in=wanted)
        .order_by()
        .alias(faite_date=TruncDate("faite_le"))
        .values("atelier_origine")
        .annotate(
            # Counting a column of the index (never null), PostgreSQL reads the index alone.
            total=Count("atelier_origine"),
            dues=Count("atelier_origine", filter=Q(echeance__lte=today)),
            # Done first: the day of a relance not done is never computed (a Python function on SQLite).
            a_temps=Count(
                "atelier_origine", filter=Q(faite_le__isnull=False) & Q(faite_date__lte=F("echeance"))
            ),
            en_retard=Count("atelier_origine", filter=Q(faite_le__isnull=True, echeance__lt=today)),
        )
    )
    return {wanted[row["atelier_origine"]]: row for row in rows}


def signes_of(atelier_ids: list[int]) -> dict[int, list[dict]]:
    signes = defaultdict(list)
    rows = SigneChangement.objects.filter(atelier_id__in=atelier_ids).order_by("date", "pk")
    for row in rows.values(
        "pk", "atelier_id", "date", "constat", "source", "relance__titre", nom=F("collectivite__nom")
    ):
        signes[row.pop("atelier_id")].append(row)
    return dict(signes)
