"""Fiches de capitalisation: structured, versioned, private to a réseau or published."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from passerelles.core.tenancy import ReseauOwned

from .sections import SECTIONS, TEXT_SECTIONS


class Fiche(ReseauOwned):
    titre = models.CharField(max_length=300)
    porteur = models.TextField("pratique déployée par", blank=True)
    resume = models.TextField("résumé", blank=True)
    interet = models.TextField("intérêt de la démarche pour le réseau", blank=True)
    collectivites_ciblees = models.TextField("collectivités ciblées", blank=True)
    besoin_initial = models.TextField("besoin initial de la collectivité", blank=True)
    objectifs = models.TextField("objectifs de la démarche", blank=True)
    approche = models.TextField("approche proposée", blank=True)
    resultats = models.TextField("résultats", blank=True)
    calendrier = models.TextField(blank=True)
    ressources = models.TextField(blank=True)
    acteurs = models.TextField("acteurs impliqués", blank=True)
    outils = models.TextField("outils déployés", blank=True)
    verbatims = models.JSONField(default=list, blank=True, help_text="[{texte, auteur}]")
    leviers = models.TextField("leviers d'action", blank=True)
    limites = models.TextField(blank=True)
    enseignements = models.TextField("principaux enseignements", blank=True)

    points_entree = models.JSONField("angles d'approche", default=list, blank=True)
    instruments = models.JSONField(default=list, blank=True)
    types_collectivites = models.JSONField("types de collectivités ciblées", default=list, blank=True)
    tailles = models.JSONField("tailles ciblées", default=list, blank=True)
    ruralite = models.JSONField("ruralité ciblée", default=list, blank=True)
    publics = models.JSONField("publics (familles de rôles)", default=list, blank=True)
    territoire = models.CharField(max_length=200, blank=True)
    annee = models.PositiveSmallIntegerField("année", null=True, blank=True)

    # On PostgreSQL, the table also holds `vecteur_fr`, this text's French vector, generated
    # by the database and unknown to the model (migration 0006, recherche.py).
    texte_replie = models.TextField(blank=True, editable=False, help_text="Texte sans accents ni majuscules.")
    publiee = models.BooleanField("publiée pour tous les réseaux", default=False)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-annee", "titre"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("capitalisation:fiche", kwargs={"pk": self.pk})

    def sections(self) -> list[tuple[str, str, object]]:
        """(key, French title, content) in the order of the seed."""
        return [(key, title, getattr(self, key)) for key, (title, _) in SECTIONS.items()]

    def contenu(self) -> dict:
        data = {key: getattr(self, key) for key in TEXT_SECTIONS}
        data["verbatims"] = self.verbatims
        return data


class VersionFiche(models.Model):
    """The content of a fiche before each save: nothing written is ever lost."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveIntegerField()
    contenu = models.JSONField()
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quand = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-numero"]
        constraints = [models.UniqueConstraint(fields=["fiche", "numero"], name="version_fiche_unique")]

    def __str__(self) -> str:
        return f"{self.fiche} — version {self.numero}"
