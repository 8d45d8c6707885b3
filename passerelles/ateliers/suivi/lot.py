"""What the indicators read for a set of ateliers, in a fixed number of queries whatever
their number: attendance, invitations, survey answers and relances are counted by the
database (GROUP BY), so a dashboard of 200 ateliers and 50,000 participants reads a few
thousand grouped rows, not every registration. One atelier's page also reads its rows one by
one, for the tables by role, type, size and rurality (`detail=True`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, StrIndex, Substr, TruncDate

from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.invitations.models import Invitation
from passerelles.mobilisation.models import Relance

from .models import Reponse, SigneChangement

SANS_ROLE = "Rôle non renseigné"
PREFIXE_ATELIER = "atelier:"


@dataclass
class Presences:
    """Who was invited, registered and came to one atelier; collectivités by their part."""

    totals: Counter = field(default_factory=Counter)  # participants' measures, and the others present
    reached: set[int] = field(default_factory=set)  # collectivités of present participants
    came: set[int] = field(default_factory=set)  # collectivités of anyone present
    speakers: set[int] = field(default_factory=set)  # collectivités of present intervenants
    invited: set[int] = field(default_factory=set)
    par_role: Counter = field(default_factory=Counter)  # present participants by role
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


def _add_registrations(presences: dict, grouped) -> None:
    for atelier_id, etat, present, source, qualite, n in grouped:
        for measure in _measures(etat, present, source, qualite):
            presences[atelier_id].totals[measure] += n


def _add_collectivites(presences: dict, present_rows) -> None:
    for atelier_id, qualite, collectivite_id in present_rows:
        found = presences[atelier_id]
        found.came.add(collectivite_id)
        if qualite == Qualite.PARTICIPANT:
            found.reached.add(collectivite_id)
        elif qualite == Qualite.INTERVENANT:
            found.speakers.add(collectivite_id)


def presences_of(atelier_ids: list[int], *, detail: bool = False) -> dict[int, Presences]:
    presences = {pk: Presences() for pk in atelier_ids}
    registrations = Inscription.objects.filter(atelier_id__in=atelier_ids)
    _add_registrations(
        presences,
        registrations.values_list("atelier_id", "etat", "present", "source", "qualite").annotate(
            n=Count("id")
        ),
    )
    present = registrations.filter(present=True)
    _add_collectivites(
        presences,
        present.exclude(collectivite=None).values_list("atelier_id", "qualite", "collectivite_id").distinct(),
    )
    by_role = present.filter(qualite=Qualite.PARTICIPANT).values_list("atelier_id", "role__libelle")
    for atelier_id, role, n in by_role.annotate(n=Count("id")):
        presences[atelier_id].par_role[role or SANS_ROLE] += n
    invitations = Invitation.objects.filter(atelier_id__in=atelier_ids)
    for atelier_id, n in invitations.values_list("atelier_id").annotate(n=Count("id")):
        presences[atelier_id].totals["invites"] += n
    invited = invitations.exclude(collectivite=None).values_list("atelier_id", "collectivite_id").distinct()
    for atelier_id, collectivite_id in invited:
        presences[atelier_id].invited.add(collectivite_id)
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

_YES = {True, "1", "true"}
_NO = {False, "0", "false"}


def _boolean(value) -> bool | None:
    if value in _YES:
        return True
    return False if value in _NO else None


def _note(value) -> int | None:
    """A satisfaction note as the survey stores it (an integer from 1 to 5), else None."""
    text = str(value)
    return int(text) if text.isdigit() and 1 <= int(text) <= 5 else None


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
    answered = Reponse.objects.filter(
        inscription__atelier_id__in=atelier_ids,
        inscription__qualite=Qualite.PARTICIPANT,
        repondu_le__isnull=False,
    )
    found = {pk: Enquete() for pk in atelier_ids}
    grouped = answered.values_list(
        "inscription__atelier_id",
        KT("valeurs__satisfaction"),
        KT("valeurs__trop_technique"),
        KT("valeurs__trop_institutionnel"),
        KT("valeurs__rendez_vous__souhaite"),
    ).annotate(n=Count("id"))
    for atelier_id, note, technical, institutional, meeting, n in grouped:
        survey = found[atelier_id]
        survey.repondants += n
        if _note(note) is not None:
            survey.notes[_note(note)] += n
        for code, value in (("trop_technique", technical), ("trop_institutionnel", institutional)):
            if _boolean(value) is not None:
                survey.repondu[code] += n
                survey.oui[code] += n * _boolean(value)
        survey.rendez_vous += n * bool(_boolean(meeting))
    if detail:
        for atelier_id, valeurs in answered.values_list("inscription__atelier_id", "valeurs"):
            found[atelier_id].interets.update(valeurs.get("points_entree") or [])
    return found


# --- Relances, counted by the database ---


def relances_of(reseau, atelier_ids: list[int], today) -> dict[int, dict]:
    """Each atelier's relances (their `origine` starts « atelier:<id>: »): created, due, done
    in time, late."""
    start = len(PREFIXE_ATELIER) + 1
    rows = (
        Relance.objects.for_reseau(reseau)
        .filter(origine__startswith=PREFIXE_ATELIER)
        .annotate(atelier_text=Substr("origine", start, StrIndex(Substr("origine", start), Value(":")) - 1))
        .filter(atelier_text__regex=r"^[0-9]+$")
        .annotate(atelier=Cast("atelier_text", IntegerField()))
        .filter(atelier__in=atelier_ids)
        .alias(faite_date=TruncDate("faite_le"))
        .values("atelier")
        .annotate(
            total=Count("id"),
            dues=Count("id", filter=Q(echeance__lte=today)),
            a_temps=Count("id", filter=Q(faite_le__isnull=False, faite_date__lte=F("echeance"))),
            en_retard=Count("id", filter=Q(faite_le__isnull=True, echeance__lt=today)),
        )
    )
    return {row["atelier"]: row for row in rows}


def signes_of(atelier_ids: list[int]) -> dict[int, list[dict]]:
    signes = defaultdict(list)
    rows = SigneChangement.objects.filter(atelier_id__in=atelier_ids).order_by("date", "pk")
    for row in rows.values(
        "pk", "atelier_id", "date", "constat", "source", "relance__titre", nom=F("collectivite__nom")
    ):
        signes[row.pop("atelier_id")].append(row)
    return dict(signes)
