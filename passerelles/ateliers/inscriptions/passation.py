"""Passing a registration on to a colleague of the same collectivité (« passation »).

The registrant names the colleague; the colleague gets an email and confirms through its
link. Until then nothing changes. On confirmation the registration row itself changes hands,
so that its state, its rank on the waiting list and any seat offered stay as they were; its
management link is renewed (the first person's link no longer opens it), and the colleague's
consent and needs are their own, asked afresh, never copied from the first person."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.ateliers.preparation.documents import lieu
from passerelles.ateliers.preparation.models import new_token
from passerelles.contacts.models import Contact, Role
from passerelles.core.francais import date_longue, heure
from passerelles.core.journal import journal_record
from passerelles.courriels import services as courriels
from passerelles.courriels.services import queue_message

from . import services
from .models import EtatInscription, Inscription, Passation, new_checkin_code
from .services import REFUS, InscriptionImpossible, Personne

# Long enough for a colleague away for a weekend to answer; short enough that a seat does
# not hang on an unread email. Never beyond the atelier itself (see `_expiry`).
VALIDITE = datetime.timedelta(hours=72)

PROPOSITIONS_PAR_JOUR = 3

ANNULEE = "Cette inscription est annulée : il n'y a plus de place à transmettre."
DEJA_INSCRIT = "Cette personne est déjà inscrite à l'atelier (ou sur sa liste d'attente)."
AUTRE_COLLECTIVITE = (
    "Cette adresse est connue du réseau pour une autre collectivité. Une inscription ne se "
    "transmet qu'à un·e collègue de la même collectivité."
)
DEJA_PRESENT = "Cette inscription a déjà été pointée à l'accueil : elle ne peut plus être transmise."
EXPIREE = (
    "Ce lien a expiré : l'inscription n'a pas été transmise. La personne inscrite peut vous la "
    "proposer de nouveau."
)
TROP_DE_PROPOSITIONS = (
    "Vous avez déjà proposé votre place trois fois aujourd'hui. Vous pourrez la proposer de "
    "nouveau demain ; d'ici là, la dernière proposition reste valable."
)
DEJA_FAITE = "Cette inscription vous a déjà été transmise."


@dataclass
class Collegue:
    """Who the registrant passes the seat to, as they name them."""

    prenom: str
    nom: str
    email: str
    civilite: str = ""
    role: Role | None = None


def passation_propose(*, inscription: Inscription, collegue: Collegue, site_url: str) -> Passation:
    """Records the proposal and writes to the colleague. A new proposal ends the one still
    pending, so that only the latest link can take the seat."""
    with transaction.atomic():
        atelier = services.locked(inscription.atelier)
        courriels.kick()
        inscription = Inscription.objects.select_related("atelier").get(pk=inscription.pk)
        email = collegue.email.strip().lower()
        _check_transferable(inscription, email)
        _check_not_too_many(inscription)
        inscription.passations.filter(confirmee_le=None, expire_le__gt=timezone.now()).update(
            expire_le=timezone.now()
        )
        passation = Passation.objects.create(
            reseau=atelier.reseau,
            inscription=inscription,
            civilite=collegue.civilite,
            prenom=collegue.prenom.strip(),
            nom=collegue.nom.strip(),
            role=collegue.role,
            email=email,
            expire_le=_expiry(atelier),
        )
        _write(passation, NatureMessage.PASSATION, email, site_url, contact=None)
    return passation


def passation_confirm(
    *, passation: Passation, consentement: bool, besoins: str, site_url: str
) -> Inscription:
    """The colleague takes the seat: same state, same rank. The first person is told."""
    with transaction.atomic():
        atelier = services.locked(passation.inscription.atelier)
        courriels.kick()
        passation = Passation.objects.select_related("inscription__atelier", "role").get(pk=passation.pk)
        if passation.confirmee_le is not None:
            raise InscriptionImpossible(DEJA_FAITE)
        if passation.expire_le <= timezone.now():
            raise InscriptionImpossible(EXPIREE)
        inscription = passation.inscription
        _check_transferable(inscription, passation.email)
        before = (inscription.nom_complet, inscription.email, inscription.contact)
        _hand_over(inscription, passation, consentement=consentement, besoins=besoins)
        passation.confirmee_le = timezone.now()
        passation.cedant = before[0]
        passation.save(update_fields=["confirmee_le", "cedant"])
        journal_record(
            reseau=atelier.reseau,
            auteur=None,
            action="inscription_transmise",
            objet=atelier,
            libelle=f"Inscription de {before[0]} transmise à {inscription.nom_complet} : {atelier}",
            details={"collectivite": str(inscription.collectivite or inscription.structure)},
        )
        _tell_new_holder(inscription, passation, site_url)
        if before[1]:
            _write(passation, NatureMessage.PASSATION_FAITE, before[1], site_url, contact=before[2])
    return inscription


def _tell_new_holder(inscription: Inscription, passation: Passation, site_url: str) -> None:
    """Their confirmation, their place on the waiting list, or the seat offered and until when."""
    cle = f"passation:{passation.pk}:nouvelle"
    if Inscription.objects.filter(pk=inscription.pk).filter(services.offre_en_cours()).exists():
        services.notify(inscription, NatureMessage.OFFRE, site_url, cle=cle)
    else:
        services.notify_state(inscription, site_url, cle=cle)


def pending_for(inscription: Inscription) -> Passation | None:
    """The proposal still waiting for the colleague, if any."""
    pending = inscription.passations.filter(confirmee_le=None, expire_le__gt=timezone.now())
    return pending.order_by("-cree_le").first()


def state_of(passation: Passation) -> str:
    """Why a confirmation link can no longer be used, or "" if it can."""
    if passation.confirmee_le is not None:
        return DEJA_FAITE
    if passation.expire_le <= timezone.now():
        return EXPIREE
    inscription = passation.inscription
    if inscription.etat == EtatInscription.ANNULEE:
        return ANNULEE
    return REFUS.get(services.ouverture(inscription.atelier), "")


def _check_transferable(inscription: Inscription, email: str) -> None:
    if inscription.etat == EtatInscription.ANNULEE:
        raise InscriptionImpossible(ANNULEE)
    state = services.ouverture(inscription.atelier)
    if state in REFUS:
        raise InscriptionImpossible(REFUS[state])
    if inscription.present:
        raise InscriptionImpossible(DEJA_PRESENT)
    if services.actives(inscription.atelier).filter(email__iexact=email).exists():
        raise InscriptionImpossible(DEJA_INSCRIT)
    if _known_elsewhere(inscription, email):
        raise InscriptionImpossible(AUTRE_COLLECTIVITE)


def _check_not_too_many(inscription: Inscription) -> None:
    """Each proposal emails an address the registrant typed: a few a day, not a mailing."""
    since = timezone.now() - datetime.timedelta(days=1)
    if inscription.passations.filter(cree_le__gt=since).count() >= PROPOSITIONS_PAR_JOUR:
        raise InscriptionImpossible(TROP_DE_PROPOSITIONS)


def _known_elsewhere(inscription: Inscription, email: str) -> bool:
    """The réseau knows this address as someone of another collectivité."""
    known = Contact.objects.for_reseau(inscription.reseau_id).filter(
        email__iexact=email, efface_le__isnull=True, collectivite__isnull=False
    )
    return known.exclude(collectivite_id=inscription.collectivite_id).exists()


def _expiry(atelier) -> datetime.datetime:
    start = timezone.make_aware(datetime.datetime.combine(atelier.date, atelier.heure_debut))
    return min(timezone.now() + VALIDITE, start)


def _hand_over(inscription: Inscription, passation: Passation, *, consentement: bool, besoins: str) -> None:
    personne = Personne(
        nom=passation.nom,
        prenom=passation.prenom,
        civilite=passation.civilite,
        email=passation.email,
        role=passation.role,
        collectivite=inscription.collectivite,
        structure=inscription.structure,
        besoins=besoins.strip(),
        consentement=consentement,
    )
    inscription.contact = services.contact_for(atelier=inscription.atelier, personne=personne, auteur=None)
    inscription.qualite = services.qualite_of(inscription.atelier, inscription.contact)
    inscription.a_traiter = False  # the colleague is told by the hand-over's own emails
    inscription.email = passation.email
    inscription.fonction = ""
    # The first holder's links and check-in QR must not open the colleague's seat.
    inscription.jeton = new_token()
    inscription.jeton_accueil = new_checkin_code()
    for name, value in services.registration_fields(personne).items():
        setattr(inscription, name, value)
    inscription.save()


# --- Emails -------------------------------------------------------------------------------

SUJETS = {
    NatureMessage.PASSATION: "Une place vous est proposée : {titre}",
    NatureMessage.PASSATION_FAITE: "Votre inscription est transmise : {titre}",
}


def lien_confirmer(passation: Passation, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("ateliers:inscription_passation", kwargs={"jeton": passation.jeton})


def moment(value: datetime.datetime) -> str:
    """« jeudi 10 décembre 2026 à 9 h 30 », in local time."""
    local = timezone.localtime(value)
    return f"{date_longue(local.date())} à {heure(local.time())}"


def _write(passation: Passation, nature: str, destinataire: str, site_url: str, *, contact) -> None:
    inscription = passation.inscription
    atelier = inscription.atelier
    context = {
        "passation": passation,
        "inscription": inscription,
        "atelier": atelier,
        "quand": quand(atelier),
        "lieu": lieu(atelier),
        "lien": lien_confirmer(passation, site_url),
        "expire": moment(passation.expire_le),
        "reseau": atelier.reseau,
    }
    queue_message(
        reseau=atelier.reseau,
        objet=atelier,
        cle=f"{nature}:{passation.pk}",
        nature=nature,
        destinataire=destinataire,
        contact=contact,
        sujet=SUJETS[nature].format(titre=atelier.titre),
        corps=render_to_string(f"ateliers/inscriptions/courriels/{nature}.txt", context),
    )
