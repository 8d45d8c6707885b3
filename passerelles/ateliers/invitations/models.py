"""Who is on an atelier's invitation list, with the personal link sent to them."""

from django.db import models

from passerelles.contacts.models import Contact
from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite

from ..preparation.models import Atelier, new_token


class Invitation(ReseauOwned):
    """One person (or one town hall) on the atelier's list, with the link sent to them."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField()
    institutionnelle = models.BooleanField(
        default=False, help_text="Adresse de la mairie, faute de contact connu."
    )
    choisie_a_la_main = models.BooleanField(default=False)
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["atelier", "email"], name="invitation_unique")]
        # The collectivités invited to each atelier, read by the indicators from the index alone.
        indexes = [models.Index(fields=["atelier", "collectivite"], name="invitation_collectivites")]

    def __str__(self) -> str:
        return self.email
