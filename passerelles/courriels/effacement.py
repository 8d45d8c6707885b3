"""What the outbox holds about a person, erased with them: the messages written to them lose
their address and text (those not yet sent are not sent), and a failing address is forgotten."""

from django.db.models import Q

from passerelles.contacts.effacement import Effacement, placeholder_address, register_eraser

from .models import AdresseEnEchec, EtatMessage, Message


@register_eraser
def erase_outbox(effacement: Effacement) -> None:
    identite = effacement.identite
    erase_messages(effacement.reseau, Q(contact__in=identite.contacts) | Q(destinataire__in=identite.emails))
    AdresseEnEchec.objects.for_reseau(effacement.reseau).filter(email__in=identite.emails).delete()


def erase_messages(reseau, which: Q) -> None:
    """For capabilities that know other addresses of the person (a registration's)."""
    for message in Message.objects.for_reseau(reseau).filter(which):
        message.destinataire = placeholder_address("message", message.pk)
        message.sujet, message.corps = "[message effacé]", ""
        if message.etat in (EtatMessage.EN_ATTENTE, EtatMessage.EN_COURS):
            message.etat, message.erreur = EtatMessage.REJETE, "Destinataire effacé (RGPD)."
        message.save(update_fields=["destinataire", "sujet", "corps", "etat", "erreur"])
