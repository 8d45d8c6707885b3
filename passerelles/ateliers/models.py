"""An atelier de sensibilisation: its plan, programme and partners, who is invited, every
message sent, who registered (and who waits), and who came on the day."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from passerelles.contacts.models import Civilite, Contact, Organisation, Role
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
    date_limite_inscription = models.DateField("date limite d'inscription", null=True, blank=True)
    inscriptions_fermees_le = models.DateTimeField(
        "inscriptions fermées le", null=True, blank=True, help_text="Fermeture à la demande."
    )
    statut = models.CharField(max_length=30, choices=StatutAtelier.choices, default=StatutAtelier.BROUILLON)
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


class Objectif(models.Model):
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


class Partenaire(models.Model):
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


class LigneBudget(models.Model):
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


class Sequence(models.Model):
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


class Intervention(models.Model):
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


class Invitation(ReseauOwned):
    """One person (or one town hall) on the atelier's list, with the link sent to them."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField()
    institutionnelle = models.BooleanField(
        default=False, help_text="Adresse de la mairie, faute de contact connu."
    )
    choisie_a_la_main = models.BooleanField(default=False)
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["atelier", "email"], name="invitation_unique")]

    def __str__(self) -> str:
        return self.email


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
        "Inscription", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
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


class EtatInscription(models.TextChoices):
    CONFIRMEE = "confirmee", "Confirmée"
    ATTENTE = "attente", "Liste d'attente"
    ANNULEE = "annulee", "Annulée"


class SourceInscription(models.TextChoices):
    LIEN_PERSONNEL = "lien_personnel", "Lien personnel"
    LIEN_PUBLIC = "lien_public", "Lien public"
    SUR_PLACE = "sur_place", "Sur place"
    EQUIPE = "equipe", "Saisie par l'équipe"


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
    source = models.CharField(
        max_length=20, choices=SourceInscription.choices, default=SourceInscription.LIEN_PUBLIC
    )
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
        indexes = [models.Index(fields=["atelier", "etat", "cree_le"], name="inscription_file")]

    def __str__(self) -> str:
        return self.nom_complet

    @property
    def nom_complet(self) -> str:
        return " ".join(part for part in (self.prenom, self.nom) if part)

    @property
    def sur_place(self) -> bool:
        return self.source == SourceInscription.SUR_PLACE


# --- After the day: the satisfaction survey (area « suivi ») ---


def default_questions() -> list[dict]:
    """The seed's own doubts about its atelier, as questions the réseau can edit."""
    return [
        {
            "code": "satisfaction",
            "type": "note",
            "libelle": "Dans l'ensemble, l'atelier vous a-t-il été utile ?",
        },
        {
            "code": "trop_technique",
            "type": "oui_non",
            "libelle": "Certaines interventions étaient-elles trop techniques ?",
        },
        {
            "code": "trop_institutionnel",
            "type": "oui_non",
            "libelle": "Le cadre institutionnel de l'action extérieure a-t-il pris trop de place ?",
        },
        {
            "code": "points_entree",
            "type": "points_entree",
            "libelle": "Par quels sujets votre collectivité pourrait-elle commencer ?",
        },
        {
            "code": "rendez_vous",
            "type": "rendez_vous",
            "libelle": "Souhaitez-vous un rendez-vous avec le réseau ?",
        },
        {
            "code": "commentaire",
            "type": "texte",
            "libelle": "Un commentaire, une idée pour le prochain atelier ?",
        },
    ]


class Questionnaire(ReseauOwned):
    """The survey of one atelier: its questions (editable) and until when people may answer."""

    atelier = models.OneToOneField(Atelier, on_delete=models.CASCADE, related_name="questionnaire")
    questions = models.JSONField(default=default_questions)
    ferme_le = models.DateField("réponses possibles jusqu'au")
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Questionnaire : {self.atelier}"


class Reponse(ReseauOwned):
    """One participant's answers, reached through a personal link; editable until closing."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="reponses")
    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="reponse")
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    valeurs = models.JSONField(default=dict, blank=True)
    citation_autorisee = models.BooleanField(
        "accepte que son commentaire soit cité sans son nom", default=False
    )
    repondu_le = models.DateTimeField("répondu le", null=True, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réponse"

    def __str__(self) -> str:
        return f"Réponse de {self.inscription}"
