"""Where each collectivité stands for a réseau, what it already does abroad, what was said,
and which follow-up is due."""

from django.conf import settings
from django.db import models

from passerelles.contacts.models import Contact
from passerelles.core.tenancy import ReseauOwned
from passerelles.territoires.models import Collectivite


class Etape(models.TextChoices):
    INCONNUE = "inconnue", "Inconnue"
    CONTACTEE = "contactee", "Contactée"
    SENSIBILISEE = "sensibilisee", "Sensibilisée"
    INTERESSEE = "interessee", "Intéressée"
    PROJET = "projet", "Projet en préparation"
    ENGAGEE = "engagee", "Engagée"
    DEJA_ENGAGEE = "deja_engagee", "Déjà engagée"


ETAPES_ENGAGEES = (Etape.ENGAGEE, Etape.DEJA_ENGAGEE)


class Preuve(models.TextChoices):
    """What a stage change rests on. Only changes that staff record with a piece of evidence
    are observed progress; the software's own moves and bare declarations are not."""

    NON_PRECISEE = "", "Non précisée"
    AUTOMATIQUE = "automatique", "Automatique (déclaratif)"
    DECLARATION = "declaration", "Déclaration, sans pièce"
    ECHANGE = "echange", "Échange avec la collectivité"
    DELIBERATION = "deliberation", "Délibération ou décision"
    DOSSIER = "dossier", "Dossier déposé"
    FAIT = "fait", "Fait d'engagement enregistré"


PREUVES_OBSERVEES = (Preuve.ECHANGE, Preuve.DELIBERATION, Preuve.DOSSIER, Preuve.FAIT)


class Mobilisation(ReseauOwned):
    """The current stage of one collectivité for one réseau (absent means "inconnue")."""

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="+")
    etape = models.CharField(max_length=20, choices=Etape.choices, default=Etape.INCONNUE)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reseau", "collectivite"], name="mobilisation_unique")]
        indexes = [models.Index(fields=["reseau", "etape"], name="mobilisation_etape")]

    def __str__(self) -> str:
        return f"{self.collectivite} : {self.get_etape_display()}"


class ChangementEtape(ReseauOwned):
    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="+")
    ancienne = models.CharField(max_length=20, choices=Etape.choices)
    nouvelle = models.CharField(max_length=20, choices=Etape.choices)
    motif = models.CharField(max_length=300, blank=True)
    preuve = models.CharField(max_length=20, choices=Preuve.choices, blank=True, default="")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quand = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quand", "-id"]

    @property
    def observe(self) -> bool:
        return self.preuve in PREUVES_OBSERVEES


class TypeFait(models.TextChoices):
    COOPERATION = "cooperation", "Projet de coopération décentralisée"
    JUMELAGE = "jumelage", "Jumelage"
    PAT = "pat", "Projet alimentaire territorial (PAT)"
    GAL = "gal", "Groupe d'action locale LEADER (GAL)"
    AUTRE = "autre", "Autre action internationale"
    DECLARATION_APD = "declaration_apd", "Déclaration d'aide publique au développement (e-APD)"


class FaitEngagement(ReseauOwned):
    """A sourced fact about what a collectivité already does: the "why" of "déjà engagée"."""

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=20, choices=TypeFait.choices)
    intitule = models.CharField("intitulé", max_length=300)
    partenaire = models.CharField(
        max_length=200, blank=True, help_text="Collectivité ou pays partenaire, par exemple pour un jumelage."
    )
    pays = models.CharField(max_length=100, blank=True)
    pays_code = models.CharField(
        "code du pays",
        max_length=2,
        blank=True,
        help_text="ISO 3166-1, lu depuis « pays » (vide : non reconnu).",
    )
    annee_debut = models.PositiveSmallIntegerField("année de début", null=True, blank=True)
    annee_fin = models.PositiveSmallIntegerField("année de fin", null=True, blank=True)
    source = models.CharField(max_length=300, help_text="D'où vient ce fait (document, site, import…).")
    date_source = models.DateField("date de la source", null=True, blank=True)
    illustratif = models.BooleanField(default=False, help_text="Donnée de démonstration, pas un fait réel.")
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fait d'engagement"
        ordering = ["type", "-annee_debut", "intitule"]
        indexes = [models.Index(fields=["reseau", "type", "collectivite"], name="fait_type")]

    def __str__(self) -> str:
        return self.intitule


class TypeInteraction(models.TextChoices):
    REUNION = "reunion", "Rendez-vous"
    APPEL = "appel", "Appel"
    EMAIL = "email", "Courriel"
    EVENEMENT = "evenement", "Événement (atelier, salon…)"
    AUTRE = "autre", "Autre"


class Interaction(ReseauOwned):
    type = models.CharField(max_length=20, choices=TypeInteraction.choices)
    date = models.DateField()
    sujet = models.CharField(max_length=200)
    compte_rendu = models.TextField("compte rendu", blank=True)
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interactions")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["reseau", "collectivite", "date"], name="interaction_collectivite")]

    def __str__(self) -> str:
        return self.sujet


# What an atelier's follow-up writes in its origine: « atelier:<id>:<key> ».
PREFIXE_ATELIER = "atelier:"


class AtelierDeLOrigine(models.Func):
    """The id, as text, of the atelier a relance's origine names (« atelier:<id>:<key> »); ''
    for any other origine. The database keeps it beside each relance, so that an atelier's
    relances are counted from an index instead of cutting every origine of the réseau.

    Migration mobilisation/0005_relance_atelier_origine builds its column from this
    class as it is when it runs: changing what it writes would give new databases another
    column than existing ones. A different expression is a new class, with a migration that
    alters the column to it."""

    output_field = models.CharField(max_length=100)

    def _template(self, position: str) -> str:
        start = len(PREFIXE_ATELIER) + 1
        rest = f"SUBSTR(%(expressions)s, {start})"
        colon = f"{position}({rest}, ':')"
        return (
            f"CASE WHEN SUBSTR(%(expressions)s, 1, {start - 1}) = '{PREFIXE_ATELIER}' AND {colon} > 0 "
            f"THEN SUBSTR(%(expressions)s, {start}, {colon} - 1) ELSE '' END"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self._template("INSTR"), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self._template("STRPOS"), **extra)


class Relance(ReseauOwned):
    """A follow-up task: who must do what, by when."""

    titre = models.CharField(max_length=200)
    echeance = models.DateField("échéance")
    responsable = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="relances"
    )
    faite_le = models.DateTimeField("faite le", null=True, blank=True)
    note = models.TextField(blank=True)
    origine = models.CharField(max_length=100, blank=True, help_text="Saisie, atelier…")
    atelier_origine = models.GeneratedField(
        expression=AtelierDeLOrigine("origine"),
        output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["echeance", "id"]
        indexes = [
            models.Index(fields=["reseau", "responsable", "faite_le"], name="relance_responsable"),
            # An atelier's relances counted from the index alone (suivi/lot.py).
            models.Index(
                fields=["reseau", "atelier_origine", "echeance", "faite_le"], name="relance_atelier"
            ),
        ]

    def __str__(self) -> str:
        return self.titre

    @property
    def faite(self) -> bool:
        return self.faite_le is not None
