"""Who registered to an atelier (and who waits), and who came on the day."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from passerelles.contacts.models import Civilite, Contact, Role
from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite

from ..invitations.models import Invitation
from ..preparation.models import Atelier, new_token


class EtatInscription(models.TextChoices):
    CONFIRMEE = "confirmee", "Confirmée"
    ATTENTE = "attente", "Liste d'attente"
    ANNULEE = "annulee", "Annulée"


class SourceInscription(models.TextChoices):
    LIEN_PERSONNEL = "lien_personnel", "Lien personnel"
    LIEN_PUBLIC = "lien_public", "Lien public"
    SUR_PLACE = "sur_place", "Sur place"
    EQUIPE = "equipe", "Saisie par l'équipe"


class Qualite(models.TextChoices):
    """A person's part in the atelier: only participants are « reached »; those who spoke,
    organised or partnered are counted apart."""

    PARTICIPANT = "participant", "Participant·e"
    INTERVENANT = "intervenant", "Intervenant·e"
    ORGANISATEUR = "organisateur", "Organisateur·rice"
    PARTENAIRE = "partenaire", "Partenaire"


# No 0/O, 1/I/L: the code is read off a phone and typed on a tablet when the QR code fails.
ALPHABET_ACCUEIL = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LONGUEUR_ACCUEIL = 12  # 31¹² ≈ 2⁵⁹ codes: not guessable at the door, short enough to type


def new_checkin_code() -> str:
    """The registration's check-in code, carried by the QR code of its emails. It opens nothing
    but a tick on the check-in page, so it is unrelated to the management link's token."""
    return "".join(secrets.choice(ALPHABET_ACCUEIL) for _ in range(LONGUEUR_ACCUEIL))


def checkin_code_display(code: str) -> str:
    """« ABCD-EFGH-JKMN »: three groups read aloud or typed without losing one's place."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


class Inscription(ReseauOwned):
    # No index of its own: every index below begins with the atelier.
    atelier = models.ForeignKey(
        Atelier, on_delete=models.CASCADE, related_name="inscriptions", db_index=False
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="inscriptions"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    civilite = models.CharField("civilité", max_length=3, choices=Civilite.choices, blank=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField(max_length=100)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, verbose_name="rôle")
    fonction = models.CharField(max_length=200, blank=True)
    collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="collectivité",
    )
    structure = models.CharField(
        max_length=200,
        blank=True,
        help_text="Association ou autre organisation, si ce n'est pas une collectivité.",
    )
    email = models.EmailField(blank=True)
    besoins = models.TextField(
        "besoins particuliers", blank=True, help_text="Accessibilité, régime alimentaire…"
    )
    consentement = models.BooleanField("accepte d'être recontacté·e par le réseau", default=False)
    etat = models.CharField(max_length=20, choices=EtatInscription.choices, default=EtatInscription.CONFIRMEE)
    # A freed seat offered to this person (waiting) until then; accepted, it is confirmed.
    offre_expire_le = models.DateTimeField("offre de place valable jusqu'au", null=True, blank=True)
    source = models.CharField(
        max_length=20, choices=SourceInscription.choices, default=SourceInscription.LIEN_PUBLIC
    )
    qualite = models.CharField("qualité", max_length=20, choices=Qualite.choices, default=Qualite.PARTICIPANT)
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    jeton_accueil = models.CharField(
        "code d'accueil", max_length=LONGUEUR_ACCUEIL, unique=True, default=new_checkin_code, editable=False
    )
    present = models.BooleanField("présent·e", default=False)
    arrive_le = models.DateTimeField("arrivé·e à", null=True, blank=True)
    pointe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the last tick or untick that counts was made, by the clock of the tablet that made
    # it: an action queued offline and sent later loses to a more recent one (last wins).
    pointage_horodate = models.DateTimeField("dernier pointage", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    promue_le = models.DateTimeField("sortie de la liste d'attente le", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    # A registration from a public or personal link, whose contact, part and confirmation
    # email the worker has not yet seen to (traitement.py): the form answers without them.
    a_traiter = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["nom", "prenom"]
        constraints = [
            # Whatever its case, an address holds one active registration per atelier; the
            # public form finds it through this index (services._SEATS).
            models.UniqueConstraint(
                F("atelier"),
                Lower("email"),
                condition=~Q(email="") & ~Q(etat="annulee"),
                name="inscription_active_unique",
            )
        ]
        indexes = [
            models.Index(fields=["atelier", "etat", "cree_le"], name="inscription_file"),
            # The seats taken, counted from the index alone (services._SEATS).
            models.Index(fields=["atelier", "etat", "source", "offre_expire_le"], name="inscription_places"),
            # Every column the indicators count by (suivi/lot.py): a dashboard of 200 ateliers
            # groups its 50,000 registrations from this index alone, never reading the rows.
            models.Index(
                fields=[
                    "atelier",
                    "qualite",
                    "present",
                    "etat",
                    "source",
                    "role",
                    "civilite",
                    "collectivite",
                ],
                name="inscription_chiffres",
            ),
            models.Index(fields=["cree_le"], condition=Q(a_traiter=True), name="inscription_a_traiter"),
        ]

    def __str__(self) -> str:
        return self.nom_complet

    @property
    def nom_complet(self) -> str:
        return " ".join(part for part in (self.prenom, self.nom) if part)

    @property
    def sur_place(self) -> bool:
        return self.source == SourceInscription.SUR_PLACE

    @property
    def code_accueil(self) -> str:
        return checkin_code_display(self.jeton_accueil)


class GenreAction(models.TextChoices):
    PRESENCE = "presence", "Présence"
    ABSENCE = "absence", "Présence retirée"
    SUR_PLACE = "sur_place", "Venue sans inscription"


class ActionPointage(ReseauOwned):
    """A check-in action a tablet sent, under the key the tablet drew for it: an action sent
    twice (a retry after a dropped connection, two syncs racing) is applied once."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="+")
    cle = models.UUIDField("clé")
    genre = models.CharField(max_length=20, choices=GenreAction.choices)
    inscription = models.ForeignKey(Inscription, null=True, on_delete=models.CASCADE, related_name="+")
    horodate = models.DateTimeField("heure de la tablette")
    recue_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["atelier", "cle"], name="action_pointage_unique")]


class Passation(ReseauOwned):
    """A registrant offers their seat to a colleague of the same collectivité. Nothing moves
    until the colleague confirms through the link emailed to them, before `expire_le`."""

    inscription = models.ForeignKey(Inscription, on_delete=models.CASCADE, related_name="passations")
    civilite = models.CharField("civilité", max_length=3, choices=Civilite.choices, blank=True)
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField(max_length=100)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, verbose_name="rôle")
    email = models.EmailField()
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    expire_le = models.DateTimeField("valable jusqu'au")
    confirmee_le = models.DateTimeField("confirmée le", null=True, blank=True)
    # Who held the seat before: the registration row itself now names the colleague.
    cedant = models.CharField("inscription cédée par", max_length=200, blank=True)

    def __str__(self) -> str:
        return " ".join(part for part in (self.prenom, self.nom) if part)
