"""The territorial référentiel: every French collectivité, keyed by its official code.

One table holds régions, départements, EPCI and communes, so that everything pointing to
"a collectivité" (contacts, stages, facts, segments) has a single foreign key, and "all
communes of this EPCI / département / région" is one indexed query. Rows are never deleted:
a collectivité that leaves the official files is marked inactive, with its successor if known.
"""

from django.db import models
from django.urls import reverse

from . import statuts


class TypeCollectivite(models.TextChoices):
    REGION = "region", "Région"
    # One collectivité carrying several levels (Ville de Paris, Alsace, Corse…): statuts.py
    STATUT_PARTICULIER = "statut_particulier", "Collectivité à statut particulier"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "EPCI à fiscalité propre"
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"
    COMMUNE_DELEGUEE = "commune_deleguee", "Commune déléguée"
    COMMUNE_ASSOCIEE = "commune_associee", "Commune associée"


class CategorieEPCI(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class Densite(models.IntegerChoices):
    """INSEE's communal density grid, 7 levels; 5 to 7 are rural in INSEE's sense."""

    GRANDS_CENTRES_URBAINS = 1, "Grand centre urbain"
    CENTRES_URBAINS_INTERMEDIAIRES = 2, "Centre urbain intermédiaire"
    PETITES_VILLES = 3, "Petite ville"
    CEINTURES_URBAINES = 4, "Ceinture urbaine"
    BOURGS_RURAUX = 5, "Bourg rural"
    RURAL_DISPERSE = 6, "Rural à habitat dispersé"
    RURAL_TRES_DISPERSE = 7, "Rural à habitat très dispersé"


RURAL_DENSITES = (5, 6, 7)
COMMUNE_TYPES = (
    TypeCollectivite.COMMUNE,
    TypeCollectivite.ARRONDISSEMENT,
    TypeCollectivite.COMMUNE_DELEGUEE,
    TypeCollectivite.COMMUNE_ASSOCIEE,
)


class Collectivite(models.Model):
    type = models.CharField(max_length=20, choices=TypeCollectivite.choices)
    code = models.CharField(
        max_length=9,
        help_text="Code INSEE (commune), SIREN (EPCI), code du département ou de la région.",
    )
    siren = models.CharField(max_length=9, blank=True)
    nom = models.CharField(max_length=200)
    nom_normalise = models.CharField(max_length=200, db_index=True)
    # Normalised words with a leading and trailing space, so that " word" finds a word start.
    texte_recherche = models.CharField(max_length=400)
    categorie_epci = models.CharField(max_length=5, choices=CategorieEPCI.choices, blank=True)
    mode_financement = models.CharField(max_length=10, blank=True)
    zone = models.CharField(max_length=5, blank=True, help_text="metro, drom ou com")

    population_municipale = models.PositiveIntegerField(null=True, blank=True)
    population_totale = models.PositiveIntegerField(null=True, blank=True)
    codes_postaux = models.CharField(max_length=200, blank=True)
    chef_lieu = models.CharField(max_length=5, blank=True)

    region = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    departement = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    epci = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="communes_membres"
    )
    commune_parente = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subdivisions"
    )

    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    densite = models.PositiveSmallIntegerField(choices=Densite.choices, null=True, blank=True)

    mairie_adresse = models.CharField(max_length=300, blank=True)
    mairie_email = models.CharField(max_length=254, blank=True)
    mairie_telephone = models.CharField(max_length=40, blank=True)
    mairie_site = models.CharField(max_length=300, blank=True)

    actif = models.BooleanField(default=True)
    inactif_depuis = models.DateField(null=True, blank=True)
    successeur = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecesseurs"
    )
    mis_a_jour = models.DateTimeField()

    class Meta:
        verbose_name = "collectivité"
        constraints = [models.UniqueConstraint(fields=["type", "code"], name="collectivite_type_code_unique")]
        indexes = [
            models.Index(fields=["type", "actif"], name="collectivite_type_actif"),
            models.Index(fields=["siren"], name="collectivite_siren"),
            models.Index(fields=["code"], name="collectivite_code"),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("territoires:detail", kwargs={"type": self.type, "code": self.code})

    @property
    def libelle_type(self) -> str:
        if self.type == TypeCollectivite.EPCI and self.categorie_epci == CategorieEPCI.MET69:
            return "Collectivité à statut particulier"
        if self.type == TypeCollectivite.EPCI and self.categorie_epci:
            return CategorieEPCI(self.categorie_epci).label
        if self.type == TypeCollectivite.COMMUNE:  # by its code: lists read no zone
            unite = statuts.unite_outre_mer(self.code[:3])
            if unite:
                return unite[0]
        if self.porteuse_code:
            return "Circonscription territoriale"
        return self.get_type_display()

    @property
    def statut(self):
        """The collectivité with a statute of its own that this row is, or None."""
        return statuts.BY_CODE.get(self.code) if self.type == TypeCollectivite.STATUT_PARTICULIER else None

    @property
    def porteuse_code(self) -> str:
        """For a row of the files carried by such a collectivité (a circonscription now): its code."""
        statut = statuts.PORTEUSE.get((self.type, self.code))
        return statut.code if statut else ""

    @property
    def est_metropole_de_lyon(self) -> bool:
        return self.type == TypeCollectivite.EPCI and self.categorie_epci == CategorieEPCI.MET69

    @property
    def population(self) -> int | None:
        return self.population_municipale

    @property
    def est_commune(self) -> bool:
        return self.type in COMMUNE_TYPES

    @property
    def est_rurale(self) -> bool | None:
        return None if self.densite is None else self.densite in RURAL_DENSITES
