"""Registrations to an atelier: seats, the waiting list, closing, and the email each step sends.

Every change of seats runs in one short transaction that first locks the atelier's row
(`select_for_update` on PostgreSQL; on SQLite the transactions are IMMEDIATE, so the whole base
is locked), so that two people taking the last seat at once end with one confirmed and one
waiting, never two confirmed."""

import datetime
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.ateliers.preparation.documents import lieu
from passerelles.ateliers.preparation.models import Atelier, Intervention, StatutAtelier
from passerelles.contacts.models import BaseLegale, Contact, Role, cle_de_tri
from passerelles.contacts.services import contact_create, contact_update, suppression_for
from passerelles.core.francais import guillemets
from passerelles.core.journal import journal_record, user_or_none
from passerelles.core.lignes import insert_one, read_one
from passerelles.courriels import services as courriels
from passerelles.courriels.services import queue_message
from passerelles.territoires.cache import shared_matcher
from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.normalisation import normalise
from passerelles.territoires.selectors import SearchFilters, collectivite_search

from .models import EtatInscription, Inscription, Qualite, SourceInscription

Etat = EtatInscription


@dataclass
class Personne:
    """What someone tells about themselves when registering (or at the door)."""

    nom: str
    prenom: str = ""
    civilite: str = ""
    email: str = ""
    role: Role | None = None
    collectivite: Collectivite | None = None
    structure: str = ""
    besoins: str = ""
    consentement: bool = False


class Ouverture(StrEnum):
    OUVERTES = "ouvertes"
    COMPLET = "complet"  # still open, on the waiting list
    CLOSES = "closes"
    ANNULE = "annule"
    PASSE = "passe"


REFUS = {
    Ouverture.CLOSES: "Les inscriptions à cet atelier sont closes.",
    Ouverture.ANNULE: "Cet atelier est annulé : il n'est plus possible de s'y inscrire.",
    Ouverture.PASSE: "Cet atelier a déjà eu lieu.",
}


class InscriptionImpossible(Exception):
    """Registration refused; the message is the French reason to show."""


# --- Reading the state of registrations ---------------------------------------------------


def actives(atelier: Atelier):
    return Inscription.objects.filter(atelier=atelier).exclude(etat=Etat.ANNULEE)


def offre_en_cours(now=None) -> Q:
    """A seat offered to a waiting person, still held for them."""
    return Q(etat=Etat.ATTENTE, offre_expire_le__gt=now or timezone.now())


def seat_taken() -> Q:
    """Confirmed seats and seats held for an offer; walk-ins, who come on the day, take no
    seat of the registration."""
    return Q(etat=Etat.CONFIRMEE) & ~Q(source=SourceInscription.SUR_PLACE) | offre_en_cours()


def places_prises(atelier: Atelier) -> int:
    return Inscription.objects.filter(atelier=atelier).filter(seat_taken()).count()


def places_restantes(atelier: Atelier, *, prises: int | None = None) -> int | None:
    """None when the atelier has no capacity limit. `prises`: the seats taken, if counted."""
    if atelier.capacite is None:
        return None
    return max(0, atelier.capacite - (places_prises(atelier) if prises is None else prises))


def ouverture(atelier: Atelier, *, today=None, prises: int | None = None) -> Ouverture:
    closed = fermeture(atelier, today=today)
    if closed is not None:
        return closed
    if places_restantes(atelier, prises=prises) == 0:
        return Ouverture.COMPLET
    return Ouverture.OUVERTES


def fermeture(atelier: Atelier, *, today=None) -> Ouverture | None:
    """Why nobody may register (one of REFUS), or None; known without counting the seats,
    since a full atelier still takes registrations, on its waiting list."""
    today = today or timezone.localdate()
    if atelier.statut == StatutAtelier.ANNULE:
        return Ouverture.ANNULE
    if atelier.statut == StatutAtelier.REALISE or atelier.date < today:
        return Ouverture.PASSE
    deadline_passed = atelier.date_limite_inscription is not None and today > atelier.date_limite_inscription
    if atelier.statut == StatutAtelier.CLOS or atelier.inscriptions_fermees_le or deadline_passed:
        return Ouverture.CLOSES
    return None


def registrations_by_state(atelier: Atelier) -> dict[str, list[Inscription]]:
    """Confirmed by name, the waiting list in its order, then the cancelled."""
    rows = Inscription.objects.filter(atelier=atelier).select_related("collectivite", "role")
    return {
        "confirmees": list(rows.filter(etat=Etat.CONFIRMEE).order_by("nom", "prenom", "id")),
        "attente": list(rows.filter(etat=Etat.ATTENTE).order_by("cree_le", "id")),
        "annulees": list(rows.filter(etat=Etat.ANNULEE).order_by("-annulee_le", "-id")),
    }


# --- Registering, cancelling, promoting ---------------------------------------------------


@dataclass(frozen=True)
class Lien:
    """An atelier known by its public link only: its row is read once its seat is locked."""

    jeton_public: str


def inscription_register(
    *,
    atelier: Atelier | Lien,
    personne: Personne,
    site_url: str,
    invitation: Invitation | None = None,
) -> tuple[Inscription, bool]:
    """Returns (registration, created). An address already registered gets its link again
    by email rather than a second registration (nobody learns another person's link).
    Raises Atelier.DoesNotExist for a link no atelier has.

    Only the seat is decided here, under the atelier's lock; the contact behind the
    registration, its part and its confirmation email are the worker's (traitement.py), which
    looks for registrations marked `a_traiter`."""
    email = personne.email.strip().lower()
    # No savepoint inside the public form's transaction (PostgreSQL): it would cost two round
    # trips, and a refusal is raised once the block is left, having written nothing.
    with transaction.atomic(savepoint=False):
        atelier = _locked_for_registration(atelier, email)
        if atelier is None:
            raise Atelier.DoesNotExist
        state = ouverture(atelier, prises=atelier.prises)
        if state not in REFUS:
            return _seat_taken(atelier, state, email, personne, site_url, invitation)
    raise InscriptionImpossible(REFUS[state])


def _seat_taken(atelier, state, email, personne, site_url, invitation) -> tuple[Inscription, bool]:
    if atelier.deja_inscrite:
        existing = Inscription.objects.select_related("atelier__reseau").get(pk=atelier.deja_inscrite)
        courriels.kick()
        notify_state(existing, site_url, cle=f"lien:{existing.pk}:{timezone.now():%Y%m%d%H}")
        return existing, False
    inscription = insert_one(
        Inscription(
            reseau_id=atelier.reseau_id,
            atelier=atelier,
            invitation=invitation,
            source=SourceInscription.LIEN_PERSONNEL if invitation else SourceInscription.LIEN_PUBLIC,
            etat=Etat.ATTENTE if state == Ouverture.COMPLET else Etat.CONFIRMEE,
            email=email,
            a_traiter=True,
            **registration_fields(personne),
        )
    )
    return inscription, True


def inscription_cancel(*, inscription: Inscription, site_url: str, auteur=None) -> list[Inscription]:
    """Cancels a registration and gives its seat to the first person waiting.
    Returns who was promoted."""
    with transaction.atomic():
        atelier = locked(inscription.atelier)
        courriels.kick()
        inscription = Inscription.objects.get(pk=inscription.pk)
        if inscription.etat == Etat.ANNULEE:
            return []
        inscription.etat = Etat.ANNULEE
        inscription.annulee_le = timezone.now()
        inscription.save(update_fields=["etat", "annulee_le"])
        notify(inscription, NatureMessage.DESINSCRIPTION, site_url)
        if auteur is not None and user_or_none(auteur):
            journal_record(
                reseau=atelier.reseau,
                auteur=auteur,
                action="inscription_annulee",
                objet=atelier,
                libelle=f"Inscription de {inscription} annulée : {atelier}",
            )
        return _promote(atelier, site_url)


def capacity_set(*, atelier: Atelier, capacite: int | None, site_url: str, auteur) -> list[Inscription]:
    """Raising the capacity promotes as many people waiting as now fit. Lowering it below the
    seats taken removes nobody: it only stops new confirmations."""
    with transaction.atomic():
        atelier = locked(atelier)
        courriels.kick()
        before = atelier.capacite
        atelier.capacite = capacite
        atelier.save(update_fields=["capacite", "modifie_le"])
        journal_record(
            reseau=atelier.reseau,
            auteur=auteur,
            action="capacite",
            objet=atelier,
            libelle=f"Capacité de « {atelier} » : {_capacity_text(before)} → {_capacity_text(capacite)}",
        )
        return _promote(atelier, site_url)


def registrations_close(*, atelier: Atelier, auteur) -> None:
    with transaction.atomic():
        atelier = locked(atelier)
        if atelier.inscriptions_fermees_le is None:
            atelier.inscriptions_fermees_le = timezone.now()
            atelier.save(update_fields=["inscriptions_fermees_le", "modifie_le"])
            journal_record(
                reseau=atelier.reseau,
                auteur=auteur,
                action="inscriptions_closes",
                objet=atelier,
                libelle=f"Inscriptions closes : {atelier}",
            )


def registrations_reopen(*, atelier: Atelier, auteur) -> None:
    with transaction.atomic():
        atelier = locked(atelier)
        atelier.inscriptions_fermees_le = None
        if atelier.statut == StatutAtelier.CLOS:
            sent = atelier.invitations.exists()
            atelier.statut = StatutAtelier.INVITATIONS_ENVOYEES if sent else StatutAtelier.BROUILLON
        atelier.save(update_fields=["inscriptions_fermees_le", "statut", "modifie_le"])
        journal_record(
            reseau=atelier.reseau,
            auteur=auteur,
            action="inscriptions_rouvertes",
            objet=atelier,
            libelle=f"Inscriptions rouvertes : {atelier}",
        )


def atelier_cancel(*, atelier: Atelier, site_url: str, auteur, motif: str = "") -> int:
    """The atelier is cancelled and everyone registered or waiting is told. Returns how many."""
    with transaction.atomic():
        atelier = locked(atelier)
        if atelier.statut == StatutAtelier.ANNULE:
            return 0
        atelier.statut = StatutAtelier.ANNULE
        atelier.sequence += 1
        atelier.save(update_fields=["statut", "sequence", "modifie_le"])
        courriels.kick()
        told = 0
        for inscription in actives(atelier).exclude(email=""):
            notify(inscription, NatureMessage.ANNULATION, site_url, motif=motif)
            told += 1
        journal_record(
            reseau=atelier.reseau,
            auteur=auteur,
            action="atelier_annule",
            objet=atelier,
            libelle=f"Atelier annulé : {atelier}",
            details={"motif": motif, "personnes_prevenues": told},
        )
    return told


def offre_accepter(*, inscription: Inscription, site_url: str) -> Inscription:
    """The person takes the seat offered to them, if the offer still holds."""
    with transaction.atomic():
        locked(inscription.atelier)
        courriels.kick()
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if inscription.etat == Etat.CONFIRMEE:
            return inscription
        if not Inscription.objects.filter(pk=inscription.pk).filter(offre_en_cours()).exists():
            raise InscriptionImpossible(
                "Cette offre de place a expiré : la place est allée à la personne suivante de la liste."
            )
        inscription.etat, inscription.promue_le, inscription.offre_expire_le = (
            Etat.CONFIRMEE,
            timezone.now(),
            None,
        )
        inscription.save(update_fields=["etat", "promue_le", "offre_expire_le"])
        notify(inscription, NatureMessage.PROMOTION, site_url)
    return inscription


def offres_expirer(now=None) -> int:
    """Run by the worker every minute: an offer not taken in time leaves the waiting list
    and passes to the next person. Returns how many offers expired."""
    now = now or timezone.now()
    expired = 0
    for inscription in Inscription.objects.filter(etat=Etat.ATTENTE, offre_expire_le__lte=now):
        with transaction.atomic():
            atelier = locked(inscription.atelier)
            courriels.kick()
            current = Inscription.objects.filter(
                pk=inscription.pk, etat=Etat.ATTENTE, offre_expire_le__lte=now
            )
            if not current.update(etat=Etat.ANNULEE, annulee_le=now):
                continue  # accepted or cancelled meanwhile
            inscription.refresh_from_db()
            notify(inscription, NatureMessage.OFFRE_EXPIREE, settings.SITE_URL)
            _promote(atelier, settings.SITE_URL)
            expired += 1
    return expired


def registrants_tell_move(atelier: Atelier) -> int:
    """The atelier's day, hours or place changed: its calendar event goes up one version and
    everyone registered or waiting gets the update (same UID, higher SEQUENCE). To be called
    inside the transaction that saved the change. Returns how many were told."""
    Atelier.objects.filter(pk=atelier.pk).update(sequence=F("sequence") + 1)
    atelier.refresh_from_db(fields=["sequence"])
    courriels.kick()
    told = 0
    for inscription in actives(atelier).exclude(email=""):
        notify(
            inscription,
            NatureMessage.MISE_A_JOUR,
            settings.SITE_URL,
            cle=f"mise_a_jour:{atelier.sequence}:{inscription.pk}",
        )
        told += 1
    return told


def locked(atelier: Atelier) -> Atelier:
    return Atelier.objects.select_for_update().select_related("reseau").get(pk=atelier.pk)


def _locked_for_registration(atelier: Atelier | Lien, email: str) -> Atelier | None:
    """The atelier under its lock, with its seats taken (`prises`, as `places_prises`) and the
    active registration of this address, if any (`deja_inscrite`); None if no atelier has
    that link. Written in SQL because building the same queries through the ORM cost more than
    the rest of the registration; test_places_sql.py checks them against the ORM's rules.

    On SQLite, one statement: the transaction (IMMEDIATE) took the base's write lock before
    it reads. On PostgreSQL, two: a statement reads what was committed when it began, so the
    counts are read by a statement of their own, once the row's lock is held."""
    key, value = ("jeton_public", atelier.jeton_public) if isinstance(atelier, Lien) else ("id", atelier.pk)
    params = {"value": value, "email": email.lower()}
    params["now"] = connection.ops.adapt_datetimefield_value(timezone.now())
    if not connection.features.has_select_for_update:
        return read_one(Atelier, _ATELIER_AND_SEATS.format(key=key), params)
    found = read_one(Atelier, f"{_ATELIER_COLUMNS} WHERE {key} = %(value)s FOR UPDATE", {"value": value})
    if found is not None:
        with connection.cursor() as cursor:
            cursor.execute(_SEATS_OF_ATELIER, {**params, "pk": found.pk})
            found.prises, found.deja_inscrite = cursor.fetchone()
    return found


# What a registration reads of its atelier: whether it is open (fermeture), its réseau and its
# capacity. The other columns load only if read.
_ATELIER_COLUMNS = """
SELECT id, reseau_id, titre, statut, date, date_limite_inscription, inscriptions_fermees_le, capacite
  FROM ateliers_atelier"""

# The seats taken and the address's active registration, for the atelier `{atelier}`. Each
# subquery is written to be answered from an index, whatever the atelier's size: the seats
# from `inscription_places`, the address from `inscription_active_unique`, whose condition is
# repeated here word for word (SQLite only uses a partial index for a query that states it).
_SEATS = f"""
       (SELECT COUNT(*) FROM ateliers_inscription
         WHERE atelier_id = {{atelier}} AND etat = '{Etat.CONFIRMEE}'
           AND source <> '{SourceInscription.SUR_PLACE}')
       + (SELECT COUNT(*) FROM ateliers_inscription
         WHERE atelier_id = {{atelier}} AND etat = '{Etat.ATTENTE}' AND offre_expire_le > %(now)s) AS prises,
       (SELECT MIN(id) FROM ateliers_inscription
         WHERE atelier_id = {{atelier}} AND NOT (email = '') AND NOT (etat = '{Etat.ANNULEE}')
           AND LOWER(email) = %(email)s) AS deja_inscrite"""

_SEATS_OF_ATELIER = "SELECT" + _SEATS.format(atelier="%(pk)s")

_ATELIER_AND_SEATS = f"""
SELECT a.id, a.reseau_id, a.titre, a.statut, a.date, a.date_limite_inscription,
       a.inscriptions_fermees_le, a.capacite,{_SEATS.format(atelier="a.id")}
  FROM ateliers_atelier a WHERE a.{{key}} = %(value)s"""


def _promote(atelier: Atelier, site_url: str) -> list[Inscription]:
    """Freed seats go to the first people waiting: at once, or as offers they may accept
    within the atelier's `offre_heures`. Returns who got a seat at once."""
    if ouverture(atelier) in (Ouverture.ANNULE, Ouverture.PASSE):
        return []
    waiting = Inscription.objects.filter(atelier=atelier, etat=Etat.ATTENTE, offre_expire_le=None)
    seats = places_restantes(atelier)
    waiting = waiting.order_by("cree_le", "id")
    promoted = list(waiting if seats is None else waiting[:seats])
    now = timezone.now()
    if atelier.offre_heures:
        for inscription in promoted:
            inscription.offre_expire_le = now + datetime.timedelta(hours=atelier.offre_heures)
            inscription.save(update_fields=["offre_expire_le"])
            notify(inscription, NatureMessage.OFFRE, site_url)
        return []
    for inscription in promoted:
        inscription.etat = Etat.CONFIRMEE
        inscription.promue_le = now
        inscription.save(update_fields=["etat", "promue_le"])
        notify(inscription, NatureMessage.PROMOTION, site_url)
    return promoted


def _capacity_text(capacite: int | None) -> str:
    return "sans limite" if capacite is None else str(capacite)


def personne_of(inscription: Inscription) -> Personne:
    """The person as they described themselves when registering."""
    return Personne(email=inscription.email, **registration_fields(inscription))


def registration_fields(personne: Personne | Inscription) -> dict:
    """What a registration keeps of the person: a `Personne` and a registration both carry it."""
    return {
        "civilite": personne.civilite,
        "prenom": personne.prenom.strip(),
        "nom": personne.nom.strip(),
        "role": personne.role,
        "collectivite": personne.collectivite,
        "structure": personne.structure.strip(),
        "besoins": personne.besoins.strip(),
        "consentement": personne.consentement,
    }


# --- On the day ----------------------------------------------------------------------------


def inscription_sur_place(
    *, atelier: Atelier, personne: Personne, auteur, qualite: str = ""
) -> tuple[Inscription, bool]:
    """A person at the door: if they are already registered (same address, or the same known
    contact), they are ticked present; otherwise they are added as a walk-in, present."""
    with transaction.atomic():
        atelier = locked(atelier)
        email = personne.email.strip().lower()
        contact = contact_for(atelier=atelier, personne=personne, auteur=auteur, sur_place=True)
        same_person = Q(email__iexact=email) & ~Q(email="")
        if contact is not None:
            same_person |= Q(contact=contact)
        registered = actives(atelier).filter(same_person)
        existing = registered.order_by("id").first()
        if existing:
            presence_set(atelier=atelier, inscription_id=existing.pk, present=True, auteur=auteur)
            existing.refresh_from_db()
            return existing, False
        inscription = Inscription.objects.create(
            reseau=atelier.reseau,
            atelier=atelier,
            contact=contact,
            qualite=qualite or qualite_of(atelier, contact),
            source=SourceInscription.SUR_PLACE,
            etat=Etat.CONFIRMEE,
            email=email,
            present=True,
            arrive_le=timezone.now(),
            pointe_par=user_or_none(auteur),
            **registration_fields(personne),
        )
    return inscription, True


def speakers_of(atelier: Atelier) -> set[int]:
    """The contacts the programme names as speakers of the atelier's sequences."""
    speakers = Intervention.objects.filter(sequence__atelier=atelier, contact__isnull=False)
    return set(speakers.values_list("contact_id", flat=True))


def qualite_of(atelier: Atelier, contact: Contact | None) -> str:
    if contact is not None and contact.pk in speakers_of(atelier):
        return Qualite.INTERVENANT
    return Qualite.PARTICIPANT


def speakers_mark(atelier: Atelier) -> int:
    """The registrations of the programme's speakers become « intervenant » (a part the team
    chose by hand stays as it is). Returns how many changed."""
    registrations = atelier.inscriptions.filter(contact__in=speakers_of(atelier), qualite=Qualite.PARTICIPANT)
    return registrations.update(qualite=Qualite.INTERVENANT)


@transaction.atomic
def qualite_set(*, atelier: Atelier, inscription_id: int, qualite: str, auteur) -> Inscription | None:
    """The team says what part a person takes in the atelier (speaker, organiser…)."""
    inscription = atelier.inscriptions.filter(pk=inscription_id).first()
    if inscription is None or qualite not in Qualite.values or inscription.qualite == qualite:
        return inscription
    before = inscription.get_qualite_display()
    inscription.qualite = qualite
    inscription.save(update_fields=["qualite"])
    journal_record(
        reseau=atelier.reseau,
        auteur=auteur,
        action="qualite",
        objet=atelier,
        libelle=f"{inscription} : {before} → {inscription.get_qualite_display()} ({atelier})",
    )
    return inscription


def presence_set(*, atelier: Atelier, inscription_id: int, present: bool, auteur) -> int:
    """One row, one UPDATE to the wanted state (not a toggle): two tablets ticking the same
    person, or different people, at the same moment lose nothing. Returns rows changed."""
    now = timezone.now()
    return (
        Inscription.objects.filter(atelier=atelier, pk=inscription_id)
        .exclude(etat=Etat.ANNULEE)
        .update(
            present=present,
            arrive_le=now if present else None,
            pointe_par=user_or_none(auteur) if present else None,
            pointage_horodate=now,
        )
    )


def compteurs(atelier: Atelier) -> dict[str, int]:
    return actives(atelier).aggregate(
        presents=Count("id", filter=Q(present=True)),
        inscrits=Count("id", filter=Q(etat=Etat.CONFIRMEE) & ~Q(source=SourceInscription.SUR_PLACE)),
        sans_inscription=Count("id", filter=Q(source=SourceInscription.SUR_PLACE)),
        attente=Count("id", filter=Q(etat=Etat.ATTENTE)),
    )


def accueil_recherche(atelier: Atelier, texte: str, limit: int = 30) -> list[Inscription]:
    """Registrations whose name, collectivité or structure has words starting with each word
    typed, accents and case ignored ("hel dup" finds Hélène Dupré). The words are matched on
    a few plain columns; only the rows shown are loaded as objects."""
    rows = actives(atelier).order_by("nom", "prenom", "id")
    typed = normalise(texte).split()
    if typed:
        columns = rows.values_list("id", "prenom", "nom", "structure", "collectivite__nom")
        ids = [pk for pk, *texts in columns if _matches(typed, " ".join(filter(None, texts)))][:limit]
        rows = rows.filter(id__in=ids)
    return list(rows.select_related("collectivite", "role")[:limit])


def _matches(typed: list[str], text: str) -> bool:
    words = _words(text)
    return all(any(word.startswith(part) for word in words) for part in typed)


@lru_cache(maxsize=20_000)
def _words(text: str) -> tuple[str, ...]:
    """Normalised once per distinct text and process: a search as you type re-reads the same
    few hundred names at every key."""
    return tuple(normalise(text).split())


# --- The contact behind a registration ------------------------------------------------------


def contact_for(*, atelier: Atelier, personne: Personne, auteur, sur_place: bool = False) -> Contact | None:
    """The réseau's existing contact for this person (same address; else the same name in the
    same collectivité), completed with what they told; or a new contact, with the consent
    and its source recorded. None for a person whose data was erased at their request and
    who gives no new consent: they attend, the réseau keeps no contact of them."""
    source = (
        f"{'Venu·e sans inscription' if sur_place else 'Inscription'} à l'atelier {guillemets(atelier.titre)}"
    )
    if not personne.consentement and _erased_at_their_request(atelier, personne):
        return None
    contact = _known_contact(atelier, personne)
    if contact is None:
        return contact_create(reseau=atelier.reseau, auteur=auteur, **_new_contact_fields(personne, source))
    changes = {
        name: value
        for name, value in _contact_fields(personne).items()
        if value and not getattr(contact, name)
    }
    if personne.consentement:
        changes.update(_consent(source))
    if changes:
        contact = contact_update(contact=contact, auteur=auteur, **changes)
    return contact


def _erased_at_their_request(atelier: Atelier, personne: Personne) -> bool:
    found = suppression_for(
        atelier.reseau,
        email=personne.email.strip(),
        nom=personne.nom,
        prenom=personne.prenom,
        collectivite=personne.collectivite,
    )
    return found is not None


def _known_contact(atelier: Atelier, personne: Personne) -> Contact | None:
    """The contact with the same address, else one with the same name in the same collectivité:
    the oldest of each, both looked up in one query (the registration waits on it)."""
    email = personne.email.strip()
    never = Q(pk__isnull=True)
    same_address = Q(email__iexact=email) if email else never
    # The sort key (indexed) narrows to the same « nom prénom »; the pair is then checked,
    # since « Jean Pierre » + « Paul » and « Jean » + « Pierre Paul » share a key.
    same_key = (
        Q(collectivite=personne.collectivite, cle_tri=cle_de_tri(personne.nom, personne.prenom))
        if personne.collectivite is not None
        else never
    )
    if same_address is never and same_key is never:
        return None
    candidates = (
        Contact.objects.for_reseau(atelier.reseau)
        .filter(efface_le__isnull=True)
        .filter(same_address | same_key)
        .annotate(meme_adresse=ExpressionWrapper(same_address, output_field=BooleanField()))
        .order_by("-meme_adresse", "id")
    )
    wanted = (normalise(personne.prenom), normalise(personne.nom))
    for contact in candidates:
        if contact.meme_adresse or (normalise(contact.prenom), normalise(contact.nom)) == wanted:
            return contact
    return None


def _contact_fields(personne: Personne) -> dict:
    return {
        "civilite": personne.civilite,
        "prenom": personne.prenom.strip(),
        "nom": personne.nom.strip(),
        "email": personne.email.strip().lower(),
        "role": personne.role,
        "collectivite": personne.collectivite,
    }


def _new_contact_fields(personne: Personne, source: str) -> dict:
    fields = _contact_fields(personne)
    if personne.structure.strip() and personne.collectivite is None:
        fields["notes"] = f"Structure indiquée : {personne.structure.strip()}"
    if personne.consentement:
        return {**fields, **_consent(source)}
    # Registering is not consenting to the réseau's mailings: recorded as such, not guessed.
    return {
        **fields,
        "base_legale": BaseLegale.INTERET_LEGITIME,
        "consentement_mailing": False if personne.email else None,
        "consentement_source": source,
    }


def _consent(source: str) -> dict:
    return {
        "base_legale": BaseLegale.CONSENTEMENT,
        "consentement_mailing": True,
        "consentement_date": timezone.localdate(),
        "consentement_source": source,
    }


# --- Emails -------------------------------------------------------------------------------

SUJETS = {
    NatureMessage.CONFIRMATION: "Inscription confirmée : {titre}",
    NatureMessage.LISTE_ATTENTE: "Liste d'attente : {titre}",
    NatureMessage.PROMOTION: "Une place s'est libérée : {titre}",
    NatureMessage.DESINSCRIPTION: "Annulation de votre inscription : {titre}",
    NatureMessage.ANNULATION: "Atelier annulé : {titre}",
    NatureMessage.MISE_A_JOUR: "Changement de date, d'horaire ou de lieu : {titre}",
    NatureMessage.OFFRE: "Une place s'est libérée pour vous : {titre}",
    NatureMessage.OFFRE_EXPIREE: "Offre de place expirée : {titre}",
}
# The event in the calendar: added when a seat is held, withdrawn (CANCELLED) when it is off.
AVEC_ICS = {
    NatureMessage.CONFIRMATION,
    NatureMessage.PROMOTION,
    NatureMessage.ANNULATION,
    NatureMessage.MISE_A_JOUR,
}

# The check-in QR code goes with every message that gives a seat.
AVEC_QR = {NatureMessage.CONFIRMATION, NatureMessage.PROMOTION}


def _pieces(nature: str) -> list[str]:
    return [name for name, natures in (("ics", AVEC_ICS), ("qr_accueil", AVEC_QR)) if nature in natures]


def lien_gerer(inscription: Inscription, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("ateliers:inscription_gerer", kwargs={"jeton": inscription.jeton})


def notify_state(inscription: Inscription, site_url: str, *, cle: str = "") -> None:
    nature = NatureMessage.CONFIRMATION if inscription.etat == Etat.CONFIRMEE else NatureMessage.LISTE_ATTENTE
    notify(inscription, nature, site_url, cle=cle)


def notify(inscription: Inscription, nature: str, site_url: str, *, cle: str = "", motif: str = "") -> None:
    if not inscription.email:
        return
    atelier = inscription.atelier
    context = {
        "inscription": inscription,
        "atelier": atelier,
        "quand": quand(atelier),
        "lieu": lieu(atelier),
        "lien": lien_gerer(inscription, site_url),
        "motif": motif,
        "reseau": atelier.reseau,
    }
    queue_message(
        reseau=atelier.reseau,
        objet=atelier,
        cle=cle or f"{nature}:{inscription.pk}",
        nature=nature,
        destinataire=inscription.email,
        contact=inscription.contact,
        sujet=SUJETS[nature].format(titre=atelier.titre),
        corps=render_to_string(f"ateliers/inscriptions/courriels/{nature}.txt", context),
        pieces_jointes=_pieces(nature),
    )


# --- The public form's collectivité suggestions -----------------------------------------------

SUGGESTION_TYPES = [
    TypeCollectivite.COMMUNE,
    TypeCollectivite.EPCI,
    TypeCollectivite.DEPARTEMENT,
    TypeCollectivite.REGION,
]


def collectivite_suggestions(texte: str, limit: int = 6) -> list[Collectivite]:
    """What the matcher recognises in the text typed so far (a typo, « Ville de … », a code),
    then the collectivités whose name starts with it, the most populous first."""
    texte = texte.strip()[:100]
    if len(normalise(texte)) < 2:
        return []
    ids = [candidat.id for candidat in shared_matcher().match(texte).candidats][:limit]
    if len(ids) < limit:
        starting = (
            collectivite_search(SearchFilters(q=texte))
            .filter(type__in=SUGGESTION_TYPES)
            .exclude(id__in=ids)
            .values_list("id", flat=True)
        )
        ids += list(starting[: limit - len(ids)])
    found = Collectivite.objects.select_related("departement").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
