"""What the advice rules read about a collectivité: a plain profile built from the référentiel
and from what the réseau knows (facts, stage, competences). Built in bulk for all of France."""

from dataclasses import dataclass, field
from functools import cached_property

from passerelles.mobilisation.models import ETAPES_ENGAGEES, Etape, FaitEngagement, Mobilisation
from passerelles.territoires import statuts
from passerelles.territoires.models import RURAL_DENSITES, Collectivite, Densite, TypeCollectivite

from .competences import Detention, named_communes, presumed_holder
from .models import DetenteurCompetence

T = TypeCollectivite
PARTNERSHIPS = ("cooperation", "jumelage")
# Presumed holders are pure functions of `Profil.holder_key`: computed once per process.
_PRESUMED: dict[tuple, Detention] = {}
FIELDS = (
    "id",
    "type",
    "code",
    "nom",
    "zone",
    "categorie_epci",
    "population_municipale",
    "population_totale",
    "densite",
    "latitude",
    "longitude",
    "departement__code",
    "region__code",
    "epci_id",
    "epci__code",
    "epci__nom",
    "epci__categorie_epci",
    "epci__population_totale",
)
RELATED = ("departement", "region", "epci")  # the collectivités FIELDS reads through


@dataclass(frozen=True)
class Partenaire:
    type: str  # "cooperation" or "jumelage"
    nom: str
    pays_code: str  # "" when the country was not given or not recognised
    pays: str  # as written


@dataclass
class Profil:
    id: int
    type: str
    code: str
    nom: str
    zone: str
    categorie_epci: str
    population: int | None
    densite: int | None
    latitude: float | None
    longitude: float | None
    departement: str
    region: str
    epci_id: int | None
    epci_code: str
    epci_nom: str
    epci_categorie: str
    epci_population: int | None
    faits: dict[str, list[str]] = field(default_factory=dict)  # type of fact -> titles
    partenaires: list[Partenaire] = field(default_factory=list)  # of cooperations and twinnings
    etape: str = "inconnue"
    connues: dict[str, DetenteurCompetence] = field(default_factory=dict)
    _detentions: dict[str, Detention] = field(default_factory=dict, repr=False)

    @property
    def niveaux(self) -> tuple[str, ...]:
        """The levels whose competences it carries: the Ville de Paris is a commune and a
        département, Saint-Martin a commune, a département and a région (territoires/statuts.py)."""
        return statuts.niveaux(self.type, self.code)

    @cached_property
    def departements(self) -> tuple[str, ...]:
        """The départements of its territory: those it carries, for a collectivité with a
        statute of its own (Bas-Rhin and Haut-Rhin for the Collectivité européenne d'Alsace)."""
        if self.type == T.STATUT_PARTICULIER and self.code in statuts.BY_CODE:
            return tuple(code for type_, code in statuts.BY_CODE[self.code].parties if type_ == "departement")
        return (self.departement,) if self.departement else ()

    @cached_property
    def hors_droit_commun(self) -> tuple[str, bool, str] | None:
        """For the overseas units and territories with a statute of their own: (what it is,
        whether advice applies, why the CGCT's rules do not describe it)."""
        return statuts.hors_droit_commun(self.type, self.code, self.zone, self.departement)

    @property
    def unite_outre_mer(self) -> tuple[str, bool, str] | None:
        return self.hors_droit_commun

    @property
    def rurale(self) -> bool | None:
        return None if self.densite is None else self.densite in RURAL_DENSITES

    @property
    def engagee(self) -> bool:
        return self.etape in ETAPES_ENGAGEES or bool({"cooperation", "jumelage", "autre"} & set(self.faits))

    @property
    def connaissance(self) -> str:
        """ "engagee", "non_engagee" (the réseau is in touch and knows of no action abroad) or
        "inconnue" (the réseau knows nothing: not a beginner, just unknown)."""
        if self.engagee:
            return "engagee"
        return "inconnue" if self.etape == Etape.INCONNUE else "non_engagee"

    @property
    def grande(self) -> bool:
        """Régions, départements, métropoles, communautés urbaines, and communes INSEE classes
        as "grand centre urbain": most likely already active abroad."""
        return (
            self.type in (T.REGION, T.DEPARTEMENT, T.STATUT_PARTICULIER)
            or self.categorie_epci in ("METRO", "MET69", "CU")
            or (self.type == T.COMMUNE and self.densite == Densite.GRANDS_CENTRES_URBAINS)
        )

    @property
    def libelle_densite(self) -> str:
        return Densite(self.densite).label.lower() if self.densite else ""

    @cached_property
    def holder_key(self) -> tuple:
        """What the presumption of who holds a competence reads of the profile."""
        own = self.type != T.COMMUNE or self.code in named_communes()
        return (
            self.type,
            self.departement,
            self.code if own else "",
            self.nom if own else "",
            self.categorie_epci,
            self.epci_id,
            self.epci_code,
            self.epci_categorie,
            self.epci_nom,
            self.region,
        )

    def detention(self, competence: str) -> Detention:
        if competence not in self._detentions:
            known = self.connues.get(competence)
            if known:
                detention = Detention(
                    "confirme", known.libelle_detenteur, known.detenteur_id == self.id, known.source
                )
            else:
                key = (self.holder_key, competence)
                if key not in _PRESUMED:
                    _PRESUMED[key] = presumed_holder(self, competence)
                detention = _PRESUMED[key]
            self._detentions[competence] = detention
        return self._detentions[competence]


def _profile(row: dict) -> Profil:
    population = row["population_totale"] if row["type"] == T.EPCI else row["population_municipale"]
    return Profil(
        id=row["id"],
        type=row["type"],
        code=row["code"],
        nom=row["nom"],
        zone=row["zone"],
        categorie_epci=row["categorie_epci"],
        population=population,
        densite=row["densite"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        departement=row["departement__code"] or (row["code"] if row["type"] == T.DEPARTEMENT else ""),
        region=row["region__code"] or (row["code"] if row["type"] == T.REGION else ""),
        epci_id=row["epci_id"],
        epci_code=row["epci__code"] or "",
        epci_nom=row["epci__nom"] or "",
        epci_categorie=row["epci__categorie_epci"] or "",
        epci_population=row["epci__population_totale"],
    )


def profiles(*, reseau, collectivites, facts_only: bool = False) -> dict[int, Profil]:
    """Profiles of these collectivités (a queryset), with the réseau's knowledge attached;
    with `facts_only`, only the réseau's engagement facts about them, not their stage nor who
    holds their competences (what a list of peers shows)."""
    found = {row["id"]: _profile(row) for row in collectivites.values(*FIELDS)}
    _attach_knowledge(reseau, found, facts_only=facts_only)
    return found


def profile_of(*, reseau, collectivite: Collectivite) -> Profil:
    """Built from the instance itself when its département, région and EPCI were read with it,
    as the page of a collectivité reads them: not a second reading of the same four rows."""
    if not all(Collectivite._meta.get_field(name).is_cached(collectivite) for name in RELATED):
        return profiles(reseau=reseau, collectivites=Collectivite.objects.filter(pk=collectivite.pk))[
            collectivite.pk
        ]
    found = {collectivite.pk: _profile({name: _read(collectivite, name) for name in FIELDS})}
    _attach_knowledge(reseau, found)
    return found[collectivite.pk]


def _read(collectivite: Collectivite, name: str):
    """What `values(name)` gives, read from the instance and those read with it."""
    if "__" not in name:
        return getattr(collectivite, name)
    related, attribute = name.split("__")
    other = getattr(collectivite, related)
    return None if other is None else getattr(other, attribute)


def _attach_knowledge(reseau, found: dict[int, Profil], *, facts_only: bool = False) -> None:
    ids = list(found) if len(found) < 900 else None  # beyond that, read the réseau's whole knowledge
    facts = FaitEngagement.objects.for_reseau(reseau)
    stages = Mobilisation.objects.for_reseau(reseau)
    known = DetenteurCompetence.objects.for_reseau(reseau).select_related("detenteur")
    if ids is not None:
        facts, stages, known = (q.filter(collectivite_id__in=ids) for q in (facts, stages, known))
    rows = facts.values_list("collectivite_id", "type", "intitule", "partenaire", "pays_code", "pays")
    for collectivite_id, type_, intitule, partenaire, pays_code, pays in rows:
        if collectivite_id in found:
            profil = found[collectivite_id]
            profil.faits.setdefault(type_, []).append(intitule)
            if type_ in PARTNERSHIPS:
                profil.partenaires.append(Partenaire(type_, partenaire, pays_code, pays))
    if facts_only:
        return
    for collectivite_id, etape in stages.values_list("collectivite_id", "etape"):
        if collectivite_id in found:
            found[collectivite_id].etape = etape
    for detention in known:
        if detention.collectivite_id in found:
            found[detention.collectivite_id].connues[detention.competence] = detention
