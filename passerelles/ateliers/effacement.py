"""What the ateliers hold about a person, erased with them: their registrations and
invitations, and the messages written to those addresses."""

from django.db.models import Q

from passerelles.contacts.effacement import Effacement, placeholder_address, register_eraser
from passerelles.contacts.services import ERASED_NAME
from passerelles.courriels.effacement import erase_messages

from .inscriptions.models import Inscription
from .invitations.models import Invitation


@register_eraser
def erase_atelier_rows(effacement: Effacement) -> None:
    reseau, identite = effacement.reseau, effacement.identite
    theirs = Q(contact__in=identite.contacts) | Q(email__in=identite.emails)
    inscriptions = Inscription.objects.for_reseau(reseau).filter(theirs)
    invitations = Invitation.objects.for_reseau(reseau).filter(theirs)
    erase_messages(
        reseau,
        Q(destinataire__in=inscriptions.values("email")) | Q(destinataire__in=invitations.values("email")),
    )
    for invitation in invitations:
        invitation.email = placeholder_address("invitation", invitation.pk)
        invitation.save(update_fields=["email"])
    inscriptions.update(
        civilite="", prenom="", nom=ERASED_NAME, fonction="", structure="", email="", besoins=""
    )
