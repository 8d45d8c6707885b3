"""What the ateliers hold about a person, erased with them: their registrations and
invitations, the seats passed to or from them, and the messages written to those addresses."""

from django.db.models import Q

from passerelles.contacts.effacement import Effacement, placeholder_address, register_eraser
from passerelles.contacts.services import ERASED_NAME
from passerelles.courriels.effacement import erase_messages

from .inscriptions.models import Inscription, Passation
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
    _erase_passations(effacement, inscriptions)
    for invitation in invitations:
        invitation.email = placeholder_address("invitation", invitation.pk)
        invitation.save(update_fields=["email"])
    inscriptions.update(
        civilite="", prenom="", nom=ERASED_NAME, fonction="", structure="", email="", besoins=""
    )


def _erase_passations(effacement: Effacement, inscriptions) -> None:
    """A proposal made to them, or about their registration, goes; where they passed their
    seat on, the colleague's registration keeps the fact but not their name."""
    passations = Passation.objects.for_reseau(effacement.reseau)
    passations.filter(Q(email__in=effacement.identite.emails) | Q(inscription__in=inscriptions)).delete()
    for passation in passations.exclude(cedant=""):
        cedant = effacement.strict(passation.cedant)
        if cedant != passation.cedant:
            passation.cedant = cedant
            passation.save(update_fields=["cedant"])
