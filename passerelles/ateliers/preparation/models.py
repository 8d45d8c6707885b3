"""The atelier itself and its plan: framing aims, host and partners, budget, and the timed
programme with its speakers."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from passerelles.contacts.models import Contact, Organisation, Role
from passerelles.core.saisie import SingleLineFields
from passerelles.core.tenancy import ReseauOwned
from passerelles.leviers.models import PointEntree, Segment
from passerelles.territoires.models import Collectivite


def new_token() -> str:
    """An unguessable token for links sent by email: 192 random bits."""
    return secrets.token_urlsafe(24)


class StatutAtelier(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    INVITATIONS_ENVOYEES = "invitations_envoyees", "Invitations envoyées"
    CLOS = "clos", "Inscriptions closes"
    ANNULE = "annule", "Annulé"
    REALISE = "realise", "Réalisé"


class Atelier(ReseauOwned):
    titre = models.CharField(max_length=200)
    point_entree = models.ForeignKey(
        PointEntree,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="point d'entrée",
    )
    segments = models.ManyToManyField(
        Segment, blank=True, related_name="ateliers", verbose_name="segments ciblés"
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="+", verbose_name="publics ciblés")
    date = models.DateField()
    heure_debut = models.TimeField("heure de début")
    heure_fin = models.TimeField("heure de fin")
    lieu_collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune du lieu",
    )
    lieu_nom = models.CharField(
        "lieu", max_length=200, blank=True, help_text="Par exemple : salle du conseil."
    )
    lieu_adresse = models.CharField("adresse", max_length=300, blank=True)
    capacite = models.PositiveIntegerField("capacité", null=True, blank=True, help_text="Vide : sans limite.")
    offre_heures = models.PositiveSmallIntegerField(
        "durée d'une offre de place (heures)",
        null=True,
        blank=True,
        help_text="Une place libérée est proposée par courriel à la première personne en attente, qui a "
        "ce délai pour l'accepter ; sinon elle passe à la suivante. Vide : la place lui est "
        "attribuée d'office.",
    )
    date_limite_inscription = models.DateField("date limite d'inscription", null=True, blank=True)
    inscriptions_fermees_le = models.DateTimeField(
        "inscriptions fermées le", null=True, blank=True, help_text="Fermeture à la demande."
    )
    statut = models.CharField(max_length=30, choices=StatutAtelier.choices, default=StatutAtelier.BROUILLON)
    # Raised each time the day, the hours or the place change, or the atelier is cancelled:
    # calendars replace an event by the one of the same UID with a higher SEQUENCE (RFC 5545).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    sur_agenda = models.BooleanField(
        "annoncé sur l'agenda public du réseau",
        default=False,
        help_text="L'atelier paraît sur l'agenda public (page, abonnement d'agenda, cadre pour le site "
        "du réseau) une fois sorti du brouillon, tant que les inscriptions sont ouvertes. "
        "Décoché : l'atelier reste privé, connu des seuls invités.",
    )
    ressources = models.TextField(
        blank=True, help_text="Moyens humains et matériels (salle, supports, temps de l'équipe…)."
    )
    notes = models.TextField(blank=True)
    objet_invitation = models.CharField("objet du courriel d'invitation", max_length=200, blank=True)
    texte_invitation = models.TextField("texte du courriel d'invitation", blank=True)
    rappels_jours = models.JSONField(
        "rappels (jours avant)", default=list, blank=True, help_text="Par défaut : 7 et 1 jour avant."
    )
    jeton_public = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Reçoit les relances de l'atelier.",
    )
    illustratif = models.BooleanField(default=False, help_text="Atelier de démonstration.")
    # Its emails in the outbox, deleted with it.
    messages = GenericRelation(
        "courriels.Message",
        content_type_field="objet_type",
        object_id_field="objet_id",
        related_query_name="atelier",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-heure_debut"]
        indexes = [models.Index(fields=["reseau", "date"], name="atelier_date")]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("ateliers:detail", kwargs={"pk": self.pk})


class Objectif(SingleLineFields):
    """One aim of the framing (the seed's Inspirer, Informer, Faire découvrir, or a free one)."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="objectifs")
    ordre = models.PositiveSmallIntegerField(default=0)
    intitule = models.CharField("intitulé", max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["ordre", "id"]

    def __str__(self) -> str:
        return self.intitule


class RolePartenaire(models.TextChoices):
    HOTE = "hote", "Hôte"
    CO_ORGANISATEUR = "co_organisateur", "Co-organisateur"
    PARTENAIRE = "partenaire", "Partenaire"
    FINANCEUR = "financeur", "Financeur"


class Partenaire(SingleLineFields):
    """The host and each partner, with what they do for the atelier."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="partenaires")
    role = models.CharField(
        "rôle", max_length=20, choices=RolePartenaire.choices, default=RolePartenaire.PARTENAIRE
    )
    collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="collectivité",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nom = models.CharField(max_length=200, help_text="Nom affiché (par exemple : Ville de Bourges).")
    contribution = models.CharField(
        max_length=300, blank=True, help_text="Ce qu'il fait : accueille, relaie la communication, finance…"
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "id"]

    def __str__(self) -> str:
        return self.nom


class NatureBudget(models.TextChoices):
    DEPENSE = "depense", "Dépense"
    RECETTE = "recette", "Recette"
    VALORISATION = "valorisation", "Contribution en nature"


class LigneBudget(SingleLineFields):
    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="budget")
    nature = models.CharField(max_length=20, choices=NatureBudget.choices, default=NatureBudget.DEPENSE)
    libelle = models.CharField("libellé", max_length=200)
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    financeur = models.CharField(max_length=200, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "ligne de budget"
        ordering = ["nature", "ordre", "id"]

    def __str__(self) -> str:
        return self.libelle


class TypeSequence(models.TextChoices):
    ACCUEIL = "accueil", "Accueil"
    INTRODUCTION = "introduction", "Introduction"
    TEMOIGNAGE = "temoignage", "Témoignages"
    CADRAGE = "cadrage", "Cadrage institutionnel"
    FINANCEMENTS = "financements", "Financements"
    ECHANGES = "echanges", "Échanges"
    PAUSE = "pause", "Pause"
    CONCLUSION = "conclusion", "Conclusion"
    AUTRE = "autre", "Autre"


class Sequence(SingleLineFields):
    """A timed part of the programme."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="sequences")
    ordre = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(max_length=20, choices=TypeSequence.choices, default=TypeSequence.AUTRE)
    titre = models.CharField(max_length=200)
    debut = models.TimeField("début", null=True, blank=True)
    fin = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "séquence"
        ordering = ["ordre", "debut", "id"]

    def __str__(self) -> str:
        return self.titre


class Intervention(SingleLineFields):
    """A speaker of a sequence: a contact, shown with their collectivité or organisation."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="interventions")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="La collectivité qui témoigne, si l'intervenant n'est pas encore désigné.",
    )
    libelle = models.CharField(
        "intervenant", max_length=200, blank=True, help_text="Par exemple : Cités Unies France (à confirmer)."
    )
    sujet = models.CharField(max_length=200, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "id"]

    def __str__(self) -> str:
        return self.libelle or str(self.contact or self.collectivite or "")
