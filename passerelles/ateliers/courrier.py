"""What the ateliers write, as the email capability sees it: the natures of their messages
(and which are mailings), the .ics attachment, and who an address of an atelier is when it
is not yet a contact, and the check-in QR code shown in a confirmation. Registered with
`passerelles.courriels.registre` when the app starts."""

import io

import segno
from django.conf import settings
from django.db import models
from django.urls import reverse

from passerelles.courriels import registre

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
    registre.register_image("qr_accueil", _qr_accueil)


def checkin_qr_png(code: str) -> bytes:
    """A full-size QR code (never a Micro QR, which phones and the check-in page do not read),
    with the quiet zone scanners need around it."""
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _qr_accueil(message):
    """The QR code of the registration the message confirms: found by its address, as an
    atelier has one active registration per address. A registration cancelled meanwhile
    shows none."""
    atelier = message.objet
    if not isinstance(atelier, Atelier):
        return None
    inscription = (
        atelier.inscriptions.filter(email__iexact=message.destinataire).exclude(etat="annulee").first()
    )
    if inscription is None:
        return None
    texte = f"Code QR d'accueil : {inscription.code_accueil}"
    return registre.Image("qr-accueil", checkin_qr_png(inscription.jeton_accueil), texte)


# What a notice does to the event in the registrant's calendar (RFC 5546).
METHODES_ICS = {NatureMessage.MISE_A_JOUR: "REQUEST", NatureMessage.ANNULATION: "CANCEL"}


def _ics(message):
    atelier = message.objet
    if not isinstance(atelier, Atelier):
        return None
    method = METHODES_ICS.get(message.nature)
    gestion = _lien_gestion(atelier, message.destinataire)
    if method is None:
        return "atelier.ics", atelier_ics(atelier, gestion=gestion), "text/calendar"
    content = atelier_ics_pour(atelier, method=method, participant=message.destinataire, gestion=gestion)
    return "atelier.ics", content, f"text/calendar; method={method}"


def _lien_gestion(atelier: Atelier, address: str) -> str:
    """The registrant's own page (to change or cancel), when the address registered."""
    inscription = atelier.inscriptions.filter(email__iexact=address).order_by("-cree_le").first()
    if inscription is None:
        return ""
    return settings.SITE_URL + reverse("ateliers:inscription_gerer", kwargs={"jeton": inscription.jeton})


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
