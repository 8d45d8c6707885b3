"""Every model of the ateliers app, gathered from its rooms so that Django registers them
under the one app label « ateliers » (tables and migrations stay the app's)."""

from django.db import models

from passerelles.contacts.models import Contact
from passerelles.core.tenancy import ReseauOwned

from .inscriptions.models import EtatInscription, Inscription, SourceInscription
from .invitations.models import Invitation
from .preparation.models import (
    Atelier,
    Intervention,
    LigneBudget,
    NatureBudget,
    Objectif,
    Partenaire,
    RolePartenaire,
    Sequence,
    StatutAtelier,
    TypeSequence,
    new_token,
)
from .suivi.models import Questionnaire, Reponse, default_questions

__all__ = [
    "Atelier",
    "Intervention",
    "LigneBudget",
    "NatureBudget",
    "Objectif",
    "Partenaire",
    "RolePartenaire",
    "Sequence",
    "StatutAtelier",
    "TypeSequence",
    "new_token",
    "Invitation",
    "EtatInscription",
    "Inscription",
    "SourceInscription",
    "Questionnaire",
    "Reponse",
    "default_questions",
]


class NatureMessage(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    RELANCE = "relance", "Relance des invités sans réponse"
    RAPPEL = "rappel", "Rappel avant l'atelier"
    CONFIRMATION = "confirmation", "Confirmation d'inscription"
    LISTE_ATTENTE = "liste_attente", "Inscription en liste d'attente"
    PROMOTION = "promotion", "Place libérée"
    DESINSCRIPTION = "desinscription", "Confirmation d'annulation"
    ANNULATION = "annulation", "Annulation de l'atelier"
    MERCI = "merci", "Remerciement aux participants"
    ABSENT = "absent", "Message aux absents"
    ENQUETE = "enquete", "Questionnaire de satisfaction"


class EtatMessage(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "Échec"
    REJETE = "rejete", "Rejeté"


class Message(ReseauOwned):
    """One email in the outbox. `cle` makes queueing idempotent; `message_id` is fixed
    when queued, so a message re-sent after a crash carries the same Message-ID."""

    atelier = models.ForeignKey(
        Atelier, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    nature = models.CharField(max_length=20, choices=NatureMessage.choices)
    cle = models.CharField(max_length=200, unique=True)
    destinataire = models.EmailField()
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inscription = models.ForeignKey(
        Inscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
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
            models.Index(fields=["etat", "prochain_essai"], name="message_a_envoyer"),
            models.Index(fields=["atelier", "nature", "etat"], name="message_atelier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} → {self.destinataire}"


class AdresseEnEchec(ReseauOwned):
    """An address that the mail server refused for good (5xx): not written to again."""

    email = models.EmailField()
    erreur = models.TextField(blank=True)
    depuis = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "adresse en échec"
        verbose_name_plural = "adresses en échec"
        constraints = [models.UniqueConstraint(fields=["reseau", "email"], name="adresse_echec_unique")]
