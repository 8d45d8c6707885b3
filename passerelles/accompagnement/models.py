"""A dossier: a collectivité's application to an instrument of the catalogue, from the lead
to the funder's decision, with its history and the time the réseau spent on it."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite


class Etat(models.TextChoices):
    IDEE = "idee", "Idée"
    EN_MONTAGE = "en_montage", "En montage"
    DEPOSE = "depose", "Déposé"
    RETENU = "retenu", "Retenu"
    REFUSE = "refuse", "Refusé"
    ABANDONNE = "abandonne", "Abandonné"


# The rules of leviers.regles, named for people: « the verdict comes from … ».
class Regle(models.TextChoices):
    AUCUNE = "", "Aucune règle renseignée"
    DEPOSE = "depose", "Qui dépose (type de collectivité)"
    COMPETENCE = "competence", "Compétence détenue"
    PARTENAIRE = "partenaire", "Pays du partenaire"
    MEMBRE_GAL = "membre_gal", "Membre d'un GAL"
    PRIORITE = "priorite", "Priorité de l'appel"


def regle_label(code: str) -> str:
    return Regle(code).label if code in Regle.values else ""


class Origine(models.TextChoices):
    SAISIE = "saisie", "Saisi directement"
    COLLECTIVITE = "collectivite", "Page de la collectivité"
    RELANCE = "relance", "Relance"
    ENQUETE = "enquete", "Réponse à l'enquête d'un atelier"
    ATELIER = "atelier", "Suivi d'un atelier"


MONTANT = {
    "max_digits": 12,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0, "Un montant ne peut pas être négatif.")],
}


class Dossier(ReseauOwned):
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="+", verbose_name="collectivité"
    )
    organisation = models.ForeignKey(
        "contacts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="association ou organisation porteuse",
    )
    membres = models.ManyToManyField(
        Collectivite, blank=True, related_name="+", verbose_name="collectivités membres"
    )
    instrument = models.ForeignKey("leviers.Instrument", on_delete=models.PROTECT, related_name="+")
    appel = models.CharField("appel ou année", max_length=100, blank=True)
    appel_catalogue = models.ForeignKey(
        "leviers.Appel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="appel daté du catalogue",
    )
    pays = models.CharField("pays du partenaire", max_length=100, blank=True)
    pays_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1, lu depuis « pays ».")
    partenaire = models.CharField("collectivité partenaire", max_length=200, blank=True)
    etat = models.CharField("état", max_length=20, choices=Etat.choices, default=Etat.IDEE)
    montant_demande = models.DecimalField("montant demandé (€)", **MONTANT)
    montant_accorde = models.DecimalField("montant accordé (€)", **MONTANT)
    part_collectivite = models.DecimalField("part de la collectivité (€)", **MONTANT)
    echeance = models.DateField("échéance", null=True, blank=True)
    suivi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="accompagné par",
    )
    # The leviers verdict when the dossier was prepared, and the rule that produced it.
    verdict_statut = models.CharField(max_length=20, blank=True)
    verdict_libelle = models.CharField(max_length=300, blank=True)
    verdict_route = models.CharField(max_length=300, blank=True)
    verdict_regle = models.CharField(max_length=20, choices=Regle.choices, blank=True)
    verdict_raisons = models.TextField(blank=True)
    # Where the lead came from: the page, relance, survey answer or atelier it was prepared from.
    origine = models.CharField(max_length=20, choices=Origine.choices, default=Origine.SAISIE)
    origine_libelle = models.CharField("origine (détail)", max_length=300, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modifie_le", "-id"]
        indexes = [models.Index(fields=["reseau", "etat"], name="dossier_etat")]

    def __str__(self) -> str:
        return f"{self.instrument} — {self.collectivite.nom}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accompagnement:dossier", args=[self.pk])


class ChangementDossier(ReseauOwned):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="changements")
    ancien = models.CharField(max_length=20, choices=Etat.choices)
    nouvel = models.CharField(max_length=20, choices=Etat.choices)
    motif = models.CharField(max_length=300)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quand = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quand", "-id"]


class TypeAccompagnement(models.TextChoices):
    RENCONTRE = "rencontre", "Rencontre"
    APPEL = "appel", "Appel"
    COURRIEL = "courriel", "Courriel"
    ATELIER = "atelier", "Atelier de travail"


class Accompagnement(ReseauOwned):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="accompagnements")
    date = models.DateField()
    type = models.CharField(max_length=20, choices=TypeAccompagnement.choices)
    heures = models.DecimalField(
        "heures passées",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0, "Un temps passé ne peut pas être négatif.")],
    )
    note = models.TextField(blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "temps d'accompagnement"


def piece_path(piece, filename: str) -> str:
    """Stored under the réseau and the dossier, with a random part: a name never collides
    and never gives away another file's address."""
    return f"dossiers/{piece.reseau_id}/{piece.dossier_id}/{uuid.uuid4().hex}/{filename}"


class PieceDossier(ReseauOwned):
    """A document joined to a dossier, stored through Django's default storage."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    fichier = models.FileField(upload_to=piece_path, max_length=300)
    nom = models.CharField("nom du fichier", max_length=200)
    piece = models.CharField(
        "pièce", max_length=200, blank=True, help_text="La pièce habituellement demandée qu'il fournit."
    )
    taille = models.PositiveIntegerField("taille (octets)")
    ajoute_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ajoute_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["piece", "nom", "id"]
        verbose_name = "pièce d'un dossier"

    def __str__(self) -> str:
        return self.nom
