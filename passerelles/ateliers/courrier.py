"""What the ateliers write, as the email capability sees it: the natures of their messages
(and which are mailings), the .ics attachment, and who an address of an atelier is when it
is not yet a contact. Registered with `passerelles.courriels.registre` when the app starts."""

from email.utils import parseaddr

from django.db import models

from passerelles.courriels import registre
from passerelles.courriels.expedition import sender

from .preparation.calendrier import atelier_ics, atelier_ics_pour
from .preparation.models import Atelier


class NatureMessage(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    RELANCE = "relance", "Relance des invités sans réponse"
    RAPPEL = "rappel", "Rappel avant l'atelier"
    CONFIRMATION = "confirmation", "Confirmation d'inscription"
    LISTE_ATTENTE = "liste_attente", "Inscription en liste d'attente"
    PROMOTION = "promotion", "Place libérée"
    DESINSCRIPTION = "desinscription", "Confirmation d'annulation"
    ANNULATION = "annulation", "Annulation de l'atelier"
    MISE_A_JOUR = "mise_a_jour", "Changement de date, d'horaire ou de lieu"
    OFFRE = "offre", "Offre d'une place libérée"
    OFFRE_EXPIREE = "offre_expiree", "Offre de place expirée"
    PASSATION = "passation", "Place proposée par un·e collègue"
    PASSATION_FAITE = "passation_faite", "Inscription transmise à un·e collègue"
    MERCI = "merci", "Remerciement aux participants"
    ABSENT = "absent", "Message aux absents"
    ENQUETE = "enquete", "Questionnaire de satisfaction"


# What a person who unsubscribed no longer receives; replies to their own registration
# (confirmation, waiting list, cancellation) are still sent.
MAILINGS = {
    NatureMessage.INVITATION,
    NatureMessage.RELANCE,
    NatureMessage.MERCI,
    NatureMessage.ABSENT,
    NatureMessage.ENQUETE,
}


def register() -> None:
    registre.register_natures(NatureMessage, diffusions=MAILINGS)
    registre.register_piece("ics", _ics)
    registre.register_personne(_personne)


# What a notice does to the event in the registrant's calendar (RFC 5546).
METHODES_ICS = {NatureMessage.MISE_A_JOUR: "REQUEST", NatureMessage.ANNULATION: "CANCEL"}


def _ics(message):
    atelier = message.objet
    if not isinstance(atelier, Atelier):
        return None
    method = METHODES_ICS.get(message.nature)
    if method is None:
        return "atelier.ics", atelier_ics(atelier), "text/calendar"
    _, organizer = parseaddr(sender(atelier.reseau))
    content = atelier_ics_pour(
        atelier, method=method, organisateur=organizer, participant=message.destinataire
    )
    return "atelier.ics", content, f"text/calendar; method={method}"


def _personne(message) -> dict | None:
    """A registration of the atelier at that address gives a name; a town hall's address
    on its invitation list is « Mairie »."""
    atelier = message.objet
    if not isinstance(atelier, Atelier):
        return None
    address = message.destinataire
    inscription = atelier.inscriptions.filter(email__iexact=address).order_by("-cree_le").first()
    if inscription:
        return {
            "nom": inscription.nom,
            "prenom": inscription.prenom,
            "collectivite": inscription.collectivite,
        }
    invitation = atelier.invitations.filter(email__iexact=address, institutionnelle=True).first()
    if invitation:
        return {
            "nom": "Mairie",
            "fonction": "Adresse institutionnelle",
            "collectivite": invitation.collectivite,
        }
    return None
