"""Reads of the référentiel: search, detail, and territory summaries."""

import re
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from passerelles.core.saisie import bounded_query

from .models import RURAL_DENSITES, Collectivite, TypeCollectivite
from .normalisation import normalise

T = TypeCollectivite

POPULATION_BANDS = {
    "moins-500": ("Moins de 500 hab.", 0, 499),
    "500-2000": ("500 à 1 999 hab.", 500, 1999),
    "2000-10000": ("2 000 à 9 999 hab.", 2000, 9999),
    "10000-50000": ("10 000 à 49 999 hab.", 10000, 49999),
    "50000-200000": ("50 000 à 199 999 hab.", 50000, 199999),
    "plus-200000": ("200 000 hab. et plus", 200000, None),
}
# What people pick in the "type" filter: a collectivité type or a category of EPCI.
TYPE_FILTERS = {
    "commune": ("Communes", Q(type=T.COMMUNE)),
    "epci": ("Tous les EPCI", Q(type=T.EPCI)),
    "CC": ("Communautés de communes", Q(type=T.EPCI, categorie_epci="CC")),
    "CA": ("Communautés d'agglomération", Q(type=T.EPCI, categorie_epci="CA")),
    "CU": ("Communautés urbaines", Q(type=T.EPCI, categorie_epci="CU")),
    "metropole": ("Métropoles", Q(type=T.EPCI, categorie_epci__in=["METRO", "MET69"])),
    "departement": ("Départements", Q(type=T.DEPARTEMENT)),
    "region": ("Régions", Q(type=T.REGION)),
    "subdivision": (
        "Communes déléguées, associées, arrondissements",
        Q(type__in=[T.COMMUNE_DELEGUEE, T.COMMUNE_ASSOCIEE, T.ARRONDISSEMENT]),
    ),
}
_DEPARTEMENT_CODE = re.compile(r"^(\d{2,3}|2[ab])$", re.IGNORECASE)
_INSEE_CODE = re.compile(r"^(\d{5}|2[ab]\d{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    type: str = ""
    region: str = ""
    departement: str = ""
    population: str = ""
    inactives: bool = False


def collectivite_search(filters: SearchFilters) -> QuerySet[Collectivite]:
    """Collectivités matching the filters, exact matches first, then the most populous."""
    queryset = Collectivite.objects.select_related("departement", "epci", "commune_parente")
    if not filters.inactives:
        queryset = queryset.filter(actif=True)
    if filters.type in TYPE_FILTERS:
        queryset = queryset.filter(TYPE_FILTERS[filters.type][1])
    if filters.region:
        queryset = queryset.filter(Q(region__code=filters.region) | Q(type=T.REGION, code=filters.region))
    if filters.departement:
        queryset = queryset.filter(
            Q(departement__code=filters.departement) | Q(type=T.DEPARTEMENT, code=filters.departement)
        )
    if filters.population in POPULATION_BANDS:
        _, low, high = POPULATION_BANDS[filters.population]
        queryset = queryset.filter(population_municipale__gte=low)
        if high is not None:
            queryset = queryset.filter(population_municipale__lte=high)
    query = filters.q.strip()
    if _is_code(query):
        return _by_code(queryset, query.upper())
    return _by_name(queryset, bounded_query(normalise(query)))


def _is_code(query: str) -> bool:
    return query.isdigit() or bool(_INSEE_CODE.match(query) or _DEPARTEMENT_CODE.match(query))


def _by_code(queryset: QuerySet, code: str) -> QuerySet:
    matches = Q(code=code) | Q(siren=code)
    if len(code) == 5:
        matches |= Q(codes_postaux__contains=code)
    elif _DEPARTEMENT_CODE.match(code):
        matches = Q(type=T.DEPARTEMENT, code=code) | Q(type=T.REGION, code=code.zfill(2))
    rank = Case(When(code=code, then=Value(0)), default=Value(1), output_field=IntegerField())
    return _ordered(queryset.filter(matches).annotate(rang=rank))


def _by_name(queryset: QuerySet, words: str) -> QuerySet:
    if not words:
        return _ordered(queryset.annotate(rang=Value(0)))
    for word in words.split():
        queryset = queryset.filter(texte_recherche__contains=f" {word}")
    rank = Case(
        When(nom_normalise=words, then=Value(0)),
        When(nom_normalise__startswith=f"{words} ", then=Value(1)),
        When(texte_recherche__contains=f" {words} ", then=Value(2)),
        When(texte_recherche__contains=f" {words}", then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return _ordered(queryset.annotate(rang=rank))


def _ordered(queryset: QuerySet) -> QuerySet:
    type_rank = Case(
        When(type=T.COMMUNE, then=Value(0)),
        When(type=T.EPCI, then=Value(1)),
        When(type__in=[T.DEPARTEMENT, T.REGION], then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.annotate(rang_type=type_rank).order_by(
        "rang", Coalesce("population_municipale", Value(-1)).desc(), "rang_type", "nom", "code"
    )


def filter_choices() -> dict:
    """Régions and départements for the search filters, from the current référentiel."""
    territories = Collectivite.objects.filter(type__in=[T.REGION, T.DEPARTEMENT], actif=True)
    regions, departements = [], []
    for type_, code, nom in territories.order_by("code").values_list("type", "code", "nom"):
        (regions if type_ == T.REGION else departements).append((code, f"{code} – {nom}"))
    return {
        "regions": regions,
        "departements": departements,
        "types": [(key, label) for key, (label, _) in TYPE_FILTERS.items()],
        "populations": [(key, label) for key, (label, _, _) in POPULATION_BANDS.items()],
    }


def epci_of_territory(territoire: Collectivite) -> QuerySet[Collectivite]:
    """EPCI with at least one active member commune in a département or a région."""
    link = "departement" if territoire.type == T.DEPARTEMENT else "region"
    members = Collectivite.objects.filter(type=T.COMMUNE, actif=True, **{link: territoire})
    return Collectivite.objects.filter(type=T.EPCI, actif=True, id__in=members.values("epci_id")).order_by(
        "nom"
    )


def member_communes(epci: Collectivite) -> QuerySet[Collectivite]:
    return epci.communes_membres.filter(actif=True).order_by(
        Coalesce("population_municipale", Value(0)).desc(), "nom"
    )


@dataclass(frozen=True)
class LigneTerritoire:
    departement: Collectivite
    communes: int
    communes_rurales: int
    epci: int
    population: int


@dataclass(frozen=True)
class ResumeTerritoire:
    region: Collectivite
    lignes: list[LigneTerritoire]
    communes: int
    communes_rurales: int
    epci: int
    population: int

    @property
    def part_rurale(self) -> float:
        return self.communes_rurales / self.communes if self.communes else 0.0


def territory_summary(region: Collectivite) -> ResumeTerritoire:
    """Communes, rural communes, EPCI and population of a région, by département."""
    communes = Collectivite.objects.filter(type=T.COMMUNE, actif=True, region=region)
    per_departement = communes.values("departement_id").annotate(
        communes=Count("id"),
        rurales=Count("id", filter=Q(densite__in=RURAL_DENSITES)),
        epci=Count("epci_id", distinct=True),
        population=Coalesce(Sum("population_municipale"), 0),
    )
    departements = Collectivite.objects.in_bulk([row["departement_id"] for row in per_departement])
    lignes = sorted(
        (
            LigneTerritoire(
                departement=departements[row["departement_id"]],
                communes=row["communes"],
                communes_rurales=row["rurales"],
                epci=row["epci"],
                population=row["population"],
            )
            for row in per_departement
        ),
        key=lambda ligne: ligne.departement.code,
    )
    return ResumeTerritoire(
        region=region,
        lignes=lignes,
        communes=sum(ligne.communes for ligne in lignes),
        communes_rurales=sum(ligne.communes_rurales for ligne in lignes),
        epci=epci_of_territory(region).count(),
        population=sum(ligne.population for ligne in lignes),
    )
