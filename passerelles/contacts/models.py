"""People and organisations a réseau knows, with the personal-data facts GDPR asks for."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from passerelles.core.tenancy import ReseauOwned, ReseauQuerySet
from passerelles.territoires.models import Collectivite
from passerelles.territoires.normalisation import normalise


class FamilleRole(models.TextChoices):
    ELU = "elu", "Élu·e"
    DIRECTION = "direction", "Direction générale ou technique"
    AGENT = "agent", "Agent d'une direction métier"
    INTERNATIONAL = "international", "Relations internationales"
    JUMELAGE = "jumelage", "Association de jumelage"
    OPERATEUR = "operateur", "Opérateur de coopération"
    PARTENAIRE = "partenaire", "Partenaire institutionnel"
    AUTRE = "autre", "Autre"


class Role(models.Model):
    """The publics of an atelier; shipped with the seed's list, extensible in the admin."""

    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField(max_length=120)
    famille = models.CharField(max_length=20, choices=FamilleRole.choices)
    ordre = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = "rôle"
        ordering = ["ordre", "libelle"]

    def __str__(self) -> str:
        return self.libelle


class TypeOrganisation(models.TextChoices):
    JUMELAGE = "jumelage", "Association de jumelage"
    OPERATEUR = "operateur", "Opérateur de coopération"
    PARTENAIRE = "partenaire", "Partenaire (État, Région, agence, réseau…)"
    ASSOCIATION = "association", "Autre association"
    AUTRE = "autre", "Autre"


class Organisation(ReseauOwned):
    nom = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=TypeOrganisation.choices, default=TypeOrganisation.AUTRE)
    collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="La collectivité à laquelle l'organisation est rattachée, le cas échéant.",
    )
    email = models.EmailField("courriel", blank=True)
    telephone = models.CharField("téléphone", max_length=40, blank=True)
    site = models.URLField("site web", blank=True)
    notes = models.TextField(blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("contacts:organisation", kwargs={"pk": self.pk})


class BaseLegale(models.TextChoices):
    INTERET_LEGITIME = "interet_legitime", "Intérêt légitime"
    CONSENTEMENT = "consentement", "Consentement"


class Civilite(models.TextChoices):
    MADAME = "Mme", "Mme"
    MONSIEUR = "M.", "M."


class ContactQuerySet(ReseauQuerySet):
    def joignables(self):
        """The SQL twin of `Contact.peut_recevoir_des_envois`."""
        return (
            self.filter(desinscrit_le__isnull=True, efface_le__isnull=True)
            .exclude(email="")
            .filter(
                models.Q(base_legale=BaseLegale.CONSENTEMENT, consentement_mailing=True)
                | (models.Q(base_legale=BaseLegale.INTERET_LEGITIME) & ~models.Q(consentement_mailing=False))
            )
        )


class ContactManager(models.Manager.from_queryset(ContactQuerySet)):
    """Every contact but those a large import is still writing: they all appear at once, in
    the statement that marks their session imported, or never if the import fails."""

    def get_queryset(self):
        published = ImportContacts.objects.filter(statut=StatutImport.IMPORTE).values("pk")
        return (
            super()
            .get_queryset()
            .filter(models.Q(import_en_cours__isnull=True) | models.Q(import_en_cours__in=published))
        )


CLE_DE_TRI_LONGUEUR = 201


def cle_de_tri(nom: str, prenom: str) -> str:
    return normalise(f"{nom} {prenom}")[:CLE_DE_TRI_LONGUEUR]


class CleDeTriField(models.CharField):
    """The name as a dictionary sorts it, without accents or capitals (« Émery » between
    « dupont » and « Eymard »), written from the surname and first name every time the
    contact is saved, created in bulk or prepared for an import."""

    def pre_save(self, model_instance, add):
        value = cle_de_tri(model_instance.nom, model_instance.prenom)
        setattr(model_instance, self.attname, value)
        return value


class Contact(ReseauOwned):
    civilite = models.CharField("civilité", max_length=3, choices=Civilite.choices, blank=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField(max_length=100)
    fonction = models.CharField(max_length=200, blank=True)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, verbose_name="rôle")
    email = models.EmailField("courriel", blank=True)
    telephone = models.CharField("téléphone", max_length=40, blank=True)
    collectivite = models.ForeignKey(
        Collectivite,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="collectivité",
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)

    base_legale = models.CharField(
        "base légale", max_length=20, choices=BaseLegale.choices, default=BaseLegale.INTERET_LEGITIME
    )
    consentement_mailing = models.BooleanField(
        "accepte les envois", null=True, blank=True, help_text="Vide : on ne sait pas."
    )
    consentement_date = models.DateField("date du consentement", null=True, blank=True)
    consentement_source = models.CharField("source du consentement", max_length=200, blank=True)
    desinscrit_le = models.DateTimeField("désinscrit le", null=True, blank=True)

    derniere_interaction = models.DateField("dernière interaction", null=True, blank=True)
    efface_le = models.DateTimeField("effacé le", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cle_tri = CleDeTriField("clé de tri", max_length=CLE_DE_TRI_LONGUEUR, editable=False, default="")
    # The id of the large import session that wrote this row: hidden until the session is
    # imported, then cleared batch by batch. A plain number: the row means nothing to it.
    import_en_cours = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = ContactManager()
    # Including the rows of unfinished imports: only for the import that writes them.
    avec_imports_en_cours = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["cle_tri", "nom", "prenom"]
        indexes = [
            models.Index(fields=["reseau", "email"], name="contact_reseau_email"),
            models.Index(fields=["reseau", "collectivite"], name="contact_reseau_collectivite"),
            # Covering the dashboard's "no recent exchange" count (which asks when a contact
            # never spoken to was created) and the retention review.
            models.Index(
                fields=["reseau", "efface_le", "derniere_interaction", "cree_le"],
                name="contact_reseau_sans_echange",
            ),
            # Lets the alphabetical list stop after one page instead of sorting every contact.
            models.Index(fields=["reseau", "cle_tri"], name="contact_reseau_cle_tri"),
        ]

    def __str__(self) -> str:
        return self.nom_complet

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and {"nom", "prenom"} & set(update_fields):
            update_fields = {*update_fields, "cle_tri"}  # the sort key follows the name
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", kwargs={"pk": self.pk})

    @property
    def nom_complet(self) -> str:
        return " ".join(part for part in (self.prenom, self.nom) if part)

    @property
    def desinscrit(self) -> bool:
        return self.desinscrit_le is not None

    @property
    def peut_recevoir_des_envois(self) -> bool:
        """Mailings go only to people who can be written to: never after an unsubscribe,
        never after an erasure, and under the consent basis only with consent given."""
        if self.desinscrit or self.efface_le or not self.email:
            return False
        if self.base_legale == BaseLegale.CONSENTEMENT:
            return self.consentement_mailing is True
        return self.consentement_mailing is not False


class StatutImport(models.TextChoices):
    A_LIRE = "a_lire", "En cours de lecture"
    TELEVERSE = "televerse", "Téléversé"
    IMPORTE = "importe", "Importé"


class ImportContacts(ReseauOwned):
    """An upload in progress: the file's rows, the column mapping and the user's choices,
    kept between the screens so that nothing is re-read and a reload loses nothing."""

    nom_fichier = models.CharField(max_length=255)
    fichier = models.CharField(max_length=500, blank=True, help_text="Le fichier gardé jusqu'à sa lecture.")
    en_tetes = models.JSONField(default=list)
    lignes = models.JSONField(default=list)
    nombre_lignes = models.PositiveIntegerField(default=0)
    echantillon = models.JSONField(default=list, help_text="Les premières lignes, pour choisir les colonnes.")
    correspondance = models.JSONField(default=dict, help_text="{index de colonne: champ}")
    choix = models.JSONField(default=dict, help_text="{ligne: id de collectivité choisie}")
    fusions_refusees = models.JSONField(default=list)
    statut = models.CharField(max_length=20, choices=StatutImport.choices, default=StatutImport.TELEVERSE)
    rapport = models.JSONField(default=dict, blank=True)
    verification = models.JSONField(
        default=dict, blank=True, help_text="Le dernier contrôle : ses paramètres, ses comptes, son aperçu."
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    importe_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import de contacts"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.nom_fichier

    @property
    def mapping(self) -> dict[int, str]:
        return {int(index): field for index, field in self.correspondance.items() if field}

    def forget_check(self) -> None:
        """Drops the stored check (it quotes people's rows): after the import, or an erasure."""
        self.lignes_verifiees.all().delete()
        self.verification = {}
        self.save(update_fields=["verification"])


class LigneVerifiee(models.Model):
    """A row of the last check that needs the user's eye (uncertain match, merge, warning),
    stored so that the verification screen pages through them without re-checking."""

    session = models.ForeignKey(ImportContacts, on_delete=models.CASCADE, related_name="lignes_verifiees")
    ligne = models.PositiveIntegerField()
    donnees = models.JSONField()

    class Meta:
        ordering = ["ligne"]
        constraints = [models.UniqueConstraint(fields=["session", "ligne"], name="ligne_verifiee_unique")]

    def __str__(self) -> str:
        return f"ligne {self.ligne}"


class Suppression(ReseauOwned):
    """A person erased at their request, recorded so that no import or registration brings
    them back silently. It holds only keyed hashes (of the email, of the name with the
    collectivité), which identify no one without the server's secret."""

    empreinte = models.CharField(max_length=64)
    demandee_le = models.DateField("demandée le")

    class Meta:
        verbose_name = "demande d'effacement"
        constraints = [models.UniqueConstraint(fields=["reseau", "empreinte"], name="suppression_unique")]


class Homonyme(ReseauOwned):
    """A row of an import that the user declared not to be an existing contact (merge
    refused on the verification screen): later imports of the same person respect it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    cle = models.CharField(max_length=64, help_text="Empreinte du nom, du courriel et de la collectivité.")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reseau", "contact", "cle"], name="homonyme_unique")]
