"""Unsubscribing from a link in an email, without an account (RFC 8058 one-click included).
The link carries the message's id, signed: tokens of links already sent stay valid, so the
salt keeps the name it had when the outbox belonged to the ateliers."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q

from passerelles.contacts.effacement import is_placeholder
from passerelles.contacts.models import Contact
from passerelles.contacts.services import contact_create, contact_unsubscribe
from passerelles.core.chemins import token_path

from . import registre
from .models import Message

UNSUBSCRIBE_SALT = "passerelles.ateliers.desabonnement"


@transaction.atomic
def unsubscribe(message: Message) -> list[Contact]:
    """Unsubscribes the person the message was written to, and every contact of the réseau
    at that address. An address the réseau knew only from a town hall or a registration
    becomes a contact marked unsubscribed, so that no later list picks it up again. The link
    of an erased person's message leads to no one: nothing is written."""
    if is_placeholder(message.destinataire):
        return []
    people = list(
        Contact.objects.for_reseau(message.reseau_id)
        .filter(efface_le__isnull=True)
        .filter(Q(pk=message.contact_id) | Q(email__iexact=message.destinataire))
    )
    if not people:
        people = [contact_create(reseau=message.reseau, auteur=None, **_new_contact_fields(message))]
    source = f"lien de désabonnement ({message.libelle_nature.lower()})"
    return [contact_unsubscribe(contact=person, auteur=None, source=source) for person in people]


def _new_contact_fields(message: Message) -> dict:
    fields = {"email": message.destinataire.lower(), "consentement_source": "désabonnement par lien"}
    return {**fields, "nom": message.destinataire.lower(), **registre.personne(message)}


def unsubscribe_token(message: Message) -> str:
    """The message's id signed with the secret key (HMAC-SHA256): unguessable, unforgeable."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(message.pk))


def message_of_token(jeton: str) -> Message | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(jeton)
    except signing.BadSignature:
        return None
    return Message.objects.select_related("reseau", "contact").filter(pk=pk).first()


def unsubscribe_url(message: Message) -> str:
    # A token is the message's id, « : » and base64url, which a path keeps as they are.
    return f"{settings.SITE_URL}{token_path('courriels:desabonnement', unsubscribe_token(message))}"
