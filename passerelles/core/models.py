"""The réseau (tenant) and who belongs to it."""

from django.conf import settings
from django.db import models

from passerelles.territoires.models import Collectivite, TypeCollectivite

from .origines import origins_of, validate_origins


class Reseau(models.Model):
    """A regional multi-actor network (RRMA): it owns its users and, later, its data."""

    nom = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    region = models.ForeignKey(
        Collectivite,
        on_delete=models.PROTECT,
        limit_choices_to={"type": TypeCollectivite.REGION},
        related_name="+",
        help_text="La région où le réseau agit.",
    )
    expediteur_nom = models.CharField(
        "nom de l'expéditeur", max_length=200, blank=True, help_text="Vide : le nom du réseau."
    )
    expediteur_email = models.EmailField(
        "adresse d'expédition",
        blank=True,
        help_text="L'adresse d'où partent les courriels du réseau (autorisée par son serveur d'envoi). "
        "Vide : l'adresse par défaut du site.",
    )
    reponse_a = models.EmailField(
        "adresse de réponse",
        blank=True,
        help_text="Où arrivent les réponses aux courriels (Reply-To). "
        "Vide : l'adresse d'expédition du réseau.",
    )
    demonstration = models.BooleanField(
        "réseau de démonstration",
        default=False,
        help_text="Ses courriels ne partent que vers des adresses fictives (example.org, .test, .invalid…).",
    )
    partage_agregats = models.BooleanField(
        "partage ses agrégats anonymes",
        default=False,
        help_text="Les autres réseaux qui partagent voient les comptes de nos ateliers par point "
        "d'entrée, jamais une personne ni une collectivité ; et nous voyons les leurs.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    agenda_origines = models.TextField(
        "sites qui intègrent l'agenda",
        blank=True,
        validators=[validate_origins],
        help_text="Les sites autorisés à afficher l'agenda public du réseau dans un cadre (iframe) : "
        "une adresse par ligne, sous la forme https://www.exemple.org (ou https://hote:port). "
        "Vide : aucun site ne peut l'intégrer.",
    )

    class Meta:
        verbose_name = "réseau"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def origines_agenda(self) -> list[str]:
        """The websites allowed to frame the public agenda, each a valid origin."""
        return origins_of(self.agenda_origines)


class Membre(models.Model):
    """Links a user account to the one réseau it works for."""

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membre"
    )
    reseau = models.ForeignKey(Reseau, on_delete=models.CASCADE, related_name="membres")
    nom_visible_autres_reseaux = models.BooleanField(
        "nom montré aux autres réseaux",
        default=False,
        help_text="Sinon, les autres réseaux voient le réseau et le rôle (édition du catalogue partagé).",
    )

    class Meta:
        verbose_name = "membre"

    def __str__(self) -> str:
        return f"{self.utilisateur} ({self.reseau})"


class Journal(models.Model):
    """Who changed what, for the réseau's staff to read (contacts, stages, imports…)."""

    reseau = models.ForeignKey(Reseau, on_delete=models.CASCADE, related_name="+")
    quand = models.DateTimeField(auto_now_add=True, db_index=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    objet_type = models.CharField(max_length=40)
    objet_id = models.PositiveBigIntegerField(null=True)
    libelle = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["-quand", "-id"]
        indexes = [models.Index(fields=["reseau", "objet_type", "objet_id"], name="journal_objet")]

    def __str__(self) -> str:
        return self.libelle


class EtatTravail(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class Travail(models.Model):
    """Long work done by the background worker for a réseau (import, export, report…):
    what the page shows while it runs, and what a restarted worker takes up again."""

    reseau = models.ForeignKey(Reseau, on_delete=models.CASCADE, related_name="+")
    nature = models.CharField(max_length=200, help_text="Chemin de la tâche qui fait ce travail.")
    libelle = models.CharField("libellé", max_length=200)
    parametres = models.JSONField(default=dict, blank=True)
    etat = models.CharField(max_length=20, choices=EtatTravail.choices, default=EtatTravail.EN_ATTENTE)
    fait = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    etape = models.CharField("étape", max_length=200, blank=True)
    resultat = models.JSONField("résultat", default=dict, blank=True)
    erreur = models.TextField(blank=True)
    tentatives = models.PositiveSmallIntegerField(default=0)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    commence_le = models.DateTimeField(null=True, blank=True)
    battement = models.DateTimeField(
        null=True, blank=True, help_text="Dernier signe de vie du worker qui l'exécute."
    )
    fini_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "travail en arrière-plan"
        verbose_name_plural = "travaux en arrière-plan"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["etat", "battement"], name="travail_etat")]

    def __str__(self) -> str:
        return self.libelle

    @property
    def termine(self) -> bool:
        return self.etat in (EtatTravail.TERMINE, EtatTravail.ECHEC)

    @property
    def pourcentage(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.fait / self.total))


class Compteur(models.Model):
    """A rate limit's count for one key and one window (core/compteurs.py): who posted how
    many times this hour. Expired rows are deleted from time to time."""

    cle = models.CharField("clé", max_length=255, primary_key=True)
    nombre = models.BigIntegerField()
    expire_le = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "compteur de limite"

    def __str__(self) -> str:
        return f"{self.cle} : {self.nombre}"
