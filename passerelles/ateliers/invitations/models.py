"""Who is on an atelier's invitation list, with the personal link sent to them."""

import secrets

from django.db import models

from passerelles.contacts.models import Contact
from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite

from ..preparation.models import Atelier, new_token

# A code read on paper and typed by hand: no 0/O, 1/I/L, nor U/V. 29 signs, 10 of them: about
# 4·10^14 codes, so that even a réseau's ten thousand invitations are unlikely to meet
# twice (the unique index refuses the rare one that would).
ALPHABET_CODE = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LONGUEUR_CODE = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET_CODE) for _ in range(LONGUEUR_CODE))


def code_lisible(code: str) -> str:
    """« K7M4P-XR2QH »: two groups of five, easier to read aloud and to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def code_saisi(texte: str) -> str:
    """What a person typed, as the code it names: any case, spaces and dashes ignored.
    Returns "" when it cannot be a code, so that nothing malformed reaches the database."""
    code = "".join(texte.split()).replace("-", "").replace(".", "").upper()
    if len(code) != LONGUEUR_CODE or any(sign not in ALPHABET_CODE for sign in code):
        return ""
    return code


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
    code = models.CharField(
        "code d'invitation", max_length=LONGUEUR_CODE, unique=True, default=new_code, editable=False
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["atelier", "email"], name="invitation_unique")]
        # The collectivités invited to each atelier, read by the indicators from the index alone.
        indexes = [models.Index(fields=["atelier", "collectivite"], name="invitation_collectivites")]

    def __str__(self) -> str:
        return self.email
