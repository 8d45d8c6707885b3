"""What the yearly bilan needs that no other capability records: the réseau's objectives for
the year, and its coordination actions (shared programmes, working groups, regional meetings)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from passerelles.core.tenancy import ReseauOwned

ANNEES = [MinValueValidator(2000, "Année trop ancienne."), MaxValueValidator(2100, "Année trop lointaine.")]


class Objectif(ReseauOwned):
    """A target the réseau set itself for one figure of one year's bilan."""

    annee = models.PositiveSmallIntegerField("année", validators=ANNEES)
    indicateur = models.CharField(max_length=40)
    cible = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, "Un objectif ne peut pas être négatif.")],
    )

    class Meta:
        ordering = ["annee", "indicateur"]
        constraints = [
            models.UniqueConstraint(fields=["reseau", "annee", "indicateur"], name="objectif_unique")
        ]

    def __str__(self) -> str:
        return f"{self.annee} · {self.indicateur} : {self.cible}"


class NatureCoordination(models.TextChoices):
    PROGRAMME = "programme", "Programme partagé"
    GROUPE = "groupe", "Groupe de travail"
    RENCONTRE = "rencontre", "Rencontre régionale"
    AUTRE = "autre", "Autre action de coordination"


class ActionCoordination(ReseauOwned):
    """A coordination action of the réseau's year: a programme run with other actors, a working
    group, a regional meeting. Participants may be unknown: left empty, never guessed."""

    annee = models.PositiveSmallIntegerField("année", validators=ANNEES)
    titre = models.CharField(max_length=200)
    nature = models.CharField(max_length=20, choices=NatureCoordination.choices)
    partenaires = models.CharField(
        max_length=300, blank=True, help_text="Acteurs associés, séparés par des virgules."
    )
    participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="Personnes ayant pris part ; vide si inconnu."
    )
    description = models.TextField(blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "action de coordination"
        ordering = ["-annee", "titre", "id"]

    def __str__(self) -> str:
        return self.titre
