"""Unsubscribing from a link in an email, without an account (RFC 8058 one-click included)."""

from django.db import transaction
from django.db.models import Q

from passerelles.ateliers.models import Message
from passerelles.contacts.models import Contact
from passerelles.contacts.services import contact_create, contact_unsubscribe


@transaction.atomic
def unsubscribe(message: Message) -> list[Contact]:
    """Unsubscribes the person the message was written to, and every contact of the réseau
    at that address. An address the réseau knew only from a town hall or a registration
    becomes a contact marked unsubscribed, so that no later list picks it up again."""
    people = list(
        Contact.objects.for_reseau(message.reseau_id)
        .filter(efface_le__isnull=True)
        .filter(Q(pk=message.contact_id) | Q(email__iexact=message.destinataire))
    )
    if not people:
        people = [contact_create(reseau=message.reseau, auteur=None, **_new_contact_fields(message))]
    source = f"lien de désabonnement ({message.get_nature_display().lower()})"
    return [contact_unsubscribe(contact=person, auteur=None, source=source) for person in people]


def _new_contact_fields(message: Message) -> dict:
    fields = {"email": message.destinataire.lower(), "consentement_source": "désabonnement par lien"}
    invitation, inscription = message.invitation, message.inscription
    if inscription:
        fields.update(nom=inscription.nom, prenom=inscription.prenom, collectivite=inscription.collectivite)
    elif invitation and invitation.institutionnelle:
        fields.update(nom="Mairie", fonction="Adresse institutionnelle", collectivite=invitation.collectivite)
    else:
        fields.update(nom=message.destinataire.lower())
    return fields
