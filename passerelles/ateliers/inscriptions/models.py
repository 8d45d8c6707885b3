"""Who registered to an atelier (and who waits), and who came on the day."""

from django.conf import settings
from django.db import models
from django.db.models import Q

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


class Inscription(ReseauOwned):
    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="inscriptions")
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
    present = models.BooleanField("présent·e", default=False)
    arrive_le = models.DateTimeField("arrivé·e à", null=True, blank=True)
    pointe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    promue_le = models.DateTimeField("sortie de la liste d'attente le", null=True, blank=True)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        ordering = ["nom", "prenom"]
        constraints = [
            models.UniqueConstraint(
                fields=["atelier", "email"],
                condition=~Q(email="") & ~Q(etat="annulee"),
                name="inscription_active_unique",
            )
        ]
        indexes = [
            models.Index(fields=["atelier", "etat", "cree_le"], name="inscription_file"),
            # Every column the indicators count by (suivi/lot.py): a dashboard of 200 ateliers
            # groups its 50,000 registrations from this index alone, never reading the rows.
            models.Index(
                fields=["atelier", "qualite", "present", "etat", "source", "role", "collectivite"],
                name="inscription_chiffres",
            ),
        ]

    def __str__(self) -> str:
        return self.nom_complet

    @property
    def nom_complet(self) -> str:
        return " ".join(part for part in (self.prenom, self.nom) if part)

    @property
    def sur_place(self) -> bool:
        return self.source == SourceInscription.SUR_PLACE
