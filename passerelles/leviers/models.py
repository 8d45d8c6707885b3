"""The catalogue of entry points and instruments (shared by all réseaux), what is known of
who holds each competence, and the réseau's saved segments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite


class Instrument(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=200)
    porteur = models.CharField(max_length=300)
    qui_depose = models.CharField(
        "qui dépose", max_length=300, blank=True, help_text="Qui présente la demande ou le programme."
    )
    roles_collectivite = models.JSONField(
        "rôles d'une collectivité",
        default=list,
        blank=True,
        help_text="Les places qu'une collectivité peut y prendre.",
    )
    beneficiaires = models.TextField("bénéficiaires")
    conditions = models.TextField(blank=True)
    cofinancement = models.CharField(max_length=300, blank=True)
    montant_min = models.PositiveIntegerField("montant minimal (€)", null=True, blank=True)
    montant_max = models.PositiveIntegerField("montant maximal (€)", null=True, blank=True)
    montants_pour = models.CharField(
        "montants valables pour", max_length=60, blank=True, help_text="L'appel ou l'année des montants."
    )
    calendrier = models.TextField(blank=True)
    prerequis = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name="prérequis")
    prerequis_seulement = models.BooleanField(
        default=False, help_text="Une démarche préalable, pas un financement."
    )
    sources = models.JSONField(default=list, blank=True, help_text="[{url, titre, appuie}]")
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    regles = models.JSONField(
        default=dict, blank=True, help_text="Données lues par les règles d'éligibilité."
    )
    pieces = models.JSONField(
        "pièces habituellement demandées",
        default=list,
        blank=True,
        help_text="Les documents qu'un dossier joint d'habitude, d'après les sources.",
    )
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nom"]
        permissions = [("editer_catalogue", "Peut modifier le catalogue partagé des leviers")]

    def __str__(self) -> str:
        return self.nom


class NatureAppel(models.TextChoices):
    APPEL = "appel", "Appel à projets"
    DECLARATION = "declaration", "Fenêtre de déclaration e-APD"


class Appel(models.Model):
    """A dated call of an instrument, or for the « 1 % » the yearly e-APD declaration window.
    Shared like the rest of the catalogue: a funder's dates are the same for every réseau.
    An unknown date stays empty (« date inconnue »), never guessed."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="appels")
    nom = models.CharField(max_length=120, help_text="Par exemple « Appel 2024-2026 ».")
    nature = models.CharField(max_length=20, choices=NatureAppel.choices, default=NatureAppel.APPEL)
    ouverture = models.DateField(null=True, blank=True)
    cloture = models.DateField("clôture", null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    source_url = models.URLField("source (adresse)", max_length=500, blank=True)
    source_titre = models.CharField("source (titre)", max_length=300, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instrument__nom", models.F("cloture").desc(nulls_first=True), "nom"]
        constraints = [models.UniqueConstraint(fields=["instrument", "nom"], name="appel_unique")]

    def __str__(self) -> str:
        return f"{self.instrument.nom} — {self.nom}"

    def clean(self):
        if self.ouverture and self.cloture and self.cloture < self.ouverture:
            raise ValidationError({"cloture": "La clôture ne peut pas précéder l'ouverture."})


class PointEntree(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=200)
    interet_local = models.TextField("intérêt local")
    services = models.CharField(max_length=300)
    roles = models.JSONField(default=list, help_text="Codes des rôles auxquels cet angle parle.")
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="points_entree")
    ordre = models.PositiveSmallIntegerField(default=100)
    sources = models.JSONField(default=list, blank=True, help_text="[{url, titre, appuie}]")
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "point d'entrée"
        verbose_name_plural = "points d'entrée"
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class HistoriqueCatalogue(models.Model):
    """Each edit of the catalogue, with the values before it."""

    objet = models.CharField(max_length=80)  # "instrument:ficol"
    avant = models.JSONField()
    reseau = models.ForeignKey(
        "core.Reseau",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Le réseau de la personne qui a modifié (vide : rechargement du catalogue livré).",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quand = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quand", "-id"]

    def __str__(self) -> str:
        return f"{self.objet} ({self.quand:%d/%m/%Y})"


class Competence(models.TextChoices):
    EAU = "eau", "Eau potable"
    ASSAINISSEMENT = "assainissement", "Assainissement"
    DECHETS = "dechets", "Déchets"
    MOBILITE = "mobilite", "Mobilité"
    ENERGIE = "energie", "Distribution d'énergie"


class DetenteurCompetence(ReseauOwned):
    """What the réseau knows for sure: who holds a competence (and its budget) for a collectivité."""

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="+")
    competence = models.CharField(max_length=20, choices=Competence.choices)
    detenteur = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="La commune ou l'EPCI qui détient la compétence, s'il est dans le référentiel.",
    )
    detenteur_nom = models.CharField(
        "détenteur (autre)", max_length=200, blank=True, help_text="Par exemple un syndicat d'eau."
    )
    source = models.CharField(max_length=300)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reseau", "collectivite", "competence"], name="detenteur_unique")
        ]

    def __str__(self) -> str:
        return f"{self.collectivite} — {self.get_competence_display()} : {self.libelle_detenteur}"

    @property
    def libelle_detenteur(self) -> str:
        return self.detenteur.nom if self.detenteur else self.detenteur_nom


class Segment(ReseauOwned):
    """A saved set of filters over collectivités: what an atelier invites."""

    nom = models.CharField(max_length=200)
    filtres = models.JSONField(default=dict)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom
