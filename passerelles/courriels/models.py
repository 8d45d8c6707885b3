"""The outbox: every email the application writes to a person, queued as a row, then sent
by the background worker; and the addresses the mail server refused for good."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from passerelles.contacts.models import Contact
from passerelles.core.tenancy import ReseauOwned

from .registre import libelle_nature


class EtatMessage(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "Échec"
    REJETE = "rejete", "Rejeté"


class Message(ReseauOwned):
    """One email. `cle` makes queueing idempotent; `message_id` is fixed when queued, so a
    message re-sent after a crash carries the same Message-ID. `nature` is the reason, as
    the capability that wrote it registered it; `objet` is what it is about (an atelier…),
    which lists the messages through a GenericRelation and deletes them with it."""

    nature = models.CharField(max_length=20)
    objet_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    objet_id = models.PositiveBigIntegerField(null=True, blank=True)
    objet = GenericForeignKey("objet_type", "objet_id")
    cle = models.CharField(max_length=200, unique=True)
    destinataire = models.EmailField()
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sujet = models.CharField(max_length=250)
    corps = models.TextField()
    pieces_jointes = models.JSONField(default=list, blank=True, help_text="Noms des pièces à joindre (ics…).")
    message_id = models.CharField(max_length=250, unique=True)
    etat = models.CharField(max_length=20, choices=EtatMessage.choices, default=EtatMessage.EN_ATTENTE)
    tentatives = models.PositiveSmallIntegerField(default=0)
    prochain_essai = models.DateTimeField(null=True, blank=True)
    reclame_le = models.DateTimeField(null=True, blank=True)
    reclame_par = models.CharField(max_length=100, blank=True)
    envoye_le = models.DateTimeField(null=True, blank=True)
    erreur = models.TextField(blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cree_le", "id"]
        indexes = [
            models.Index(fields=["etat", "prochain_essai"], name="courriel_a_envoyer"),
            models.Index(fields=["objet_type", "objet_id", "nature", "etat"], name="courriel_objet"),
            models.Index(fields=["envoye_le"], name="courriel_envoye_le"),  # the hourly cap
        ]

    def __str__(self) -> str:
        return f"{self.libelle_nature} → {self.destinataire}"

    @property
    def libelle_nature(self) -> str:
        return libelle_nature(self.nature)


class AdresseEnEchec(ReseauOwned):
    """An address that the mail server refused for good (5xx): not written to again."""

    email = models.EmailField()
    erreur = models.TextField(blank=True)
    depuis = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "adresse en échec"
        verbose_name_plural = "adresses en échec"
        constraints = [models.UniqueConstraint(fields=["reseau", "email"], name="courriel_adresse_echec")]
