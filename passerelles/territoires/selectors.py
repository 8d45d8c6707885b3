"""Reads of the référentiel: search, detail, and territory summaries."""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from passerelles.core.saisie import bounded_query

from . import statuts
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
# The official counts (34,875 communes and 1,254 EPCI à fiscalité propre on 1 January 2025)
# leave out the units of the overseas collectivities (zone "com": Polynésie française,
# Nouvelle-Calédonie, TAAF districts, Wallis-et-Futuna, Saint-Pierre-et-Miquelon,
# Saint-Barthélemy, Saint-Martin, Clipperton) and the Métropole de Lyon, a collectivité à
# statut particulier that the official files list among the EPCI. See docs/donnees.md.
# A collectivité with a statute of its own (statuts.py) is one row, counted once: among the
# communes when it carries a commune's competences (the Ville de Paris in the official count;
# Saint-Martin and Saint-Barthélemy among the overseas units), among the départements and
# régions when it carries theirs; the rows of the files it carries are inactive.
_SP = T.STATUT_PARTICULIER
TYPE_FILTERS = {
    "commune": (
        "Communes (métropole et DROM)",
        (Q(type=T.COMMUNE) & ~Q(zone="com")) | Q(type=_SP, code__in=statuts.COMMUNES_DU_COMPTE_OFFICIEL),
    ),
    "outre_mer": (
        "Communes et circonscriptions des collectivités d'outre-mer",
        Q(type=T.COMMUNE, zone="com") | Q(type=_SP, code__in=statuts.COMMUNES_D_OUTRE_MER),
    ),
    "epci": ("EPCI à fiscalité propre", Q(type=T.EPCI) & ~Q(categorie_epci="MET69")),
    "CC": ("Communautés de communes", Q(type=T.EPCI, categorie_epci="CC")),
    "CA": ("Communautés d'agglomération", Q(type=T.EPCI, categorie_epci="CA")),
    "CU": ("Communautés urbaines", Q(type=T.EPCI, categorie_epci="CU")),
    "metropole": ("Métropoles (EPCI)", Q(type=T.EPCI, categorie_epci="METRO")),
    "statut_particulier": (
        "Collectivités à statut particulier (Ville de Paris, Alsace, Corse, Métropole de Lyon, outre-mer…)",
        Q(type=_SP) | Q(type=T.EPCI, categorie_epci="MET69"),
    ),
    "departement": (
        "Départements (et collectivités qui en exercent les compétences)",
        Q(type=T.DEPARTEMENT) | Q(type=_SP, code__in=statuts.DEPARTEMENTS),
    ),
    "region": (
        "Régions (et collectivités qui en exercent les compétences)",
        Q(type=T.REGION) | Q(type=_SP, code__in=statuts.REGIONS),
    ),
    "subdivision": (
        "Communes déléguées, associées, arrondissements",
        Q(type__in=[T.COMMUNE_DELEGUEE, T.COMMUNE_ASSOCIEE, T.ARRONDISSEMENT]),
    ),
}
_DEPARTEMENT_CODE = re.compile(r"^(\d{2,3}|2[ab])$", re.IGNORECASE)
_INSEE_CODE = re.compile(r"^(\d{5}|2[ab]\d{3})$", re.IGNORECASE)
FTS_TABLE = "territoires_collectivite_fts"  # SQLite only, see migration 0003


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    type: str = ""
    region: str = ""
    departement: str = ""
    population: str = ""
    inactives: bool = False


def collectivite_search(filters: SearchFilters) -> QuerySet[Collectivite]:
    """Collectivités matching the filters, exact matches first, then the most populous.
    Pages of it are best read with `SearchPaginator`."""
    queryset = Collectivite.objects.all()
    if not filters.inactives:
        queryset = queryset.filter(actif=True)
    if filters.type in TYPE_FILTERS:
        queryset = queryset.filter(TYPE_FILTERS[filters.type][1])
    # By the id of the région or département (one lookup, then the foreign key's index), not
    # by a join on its code: with the "or itself", a join reads the whole table twice.
    if filters.region:
        queryset = queryset.filter(_in_or_is(T.REGION, "region", filters.region))
    if filters.departement:
        queryset = queryset.filter(_in_or_is(T.DEPARTEMENT, "departement", filters.departement))
    if filters.population in POPULATION_BANDS:
        _, low, high = POPULATION_BANDS[filters.population]
        queryset = queryset.filter(population_municipale__gte=low)
        if high is not None:
            queryset = queryset.filter(population_municipale__lte=high)
    query = filters.q.strip()
    queryset, rank = (
        _by_code(queryset, query.upper())
        if _is_code(query)
        else _by_name(queryset, bounded_query(normalise(query)))
    )
    # Within a région or a département, sorting its few collectivités beats walking the
    # population index of all France until enough of them turn up.
    return _ordered(queryset, rank, by_population_index=not (filters.region or filters.departement))


class SearchPaginator(Paginator):
    """Reads a page in two steps: the ids of its rows, ranked and sorted (on SQLite from the
    covering index alone), then those rows with the names the list shows (département,
    parent commune). Joining whole rows for every match before the sort costs more than
    the search itself when a short query matches thousands, on both databases.

    The first page's query also counts the matches. With `counted_with_first_page`, by a
    window count: one pass over them instead of two. Only for a searched name or code: a
    list of everything is read from the population index and must not be counted that way;
    its count is a subquery of that same statement, run once: one round trip to the
    database fewer on the first page, which on PostgreSQL costs as much as the query."""

    def __init__(self, object_list, per_page, *, counted_with_first_page: bool = False):
        super().__init__(object_list, per_page)
        self.counted_with_first_page = counted_with_first_page

    def get_page(self, number):
        if str(number or 1) != "1":
            return super().get_page(number)
        if self.counted_with_first_page:
            total = Window(Count("id"))
        else:
            matches = self.object_list.order_by().values(n=Func("id", function="COUNT"))
            total = Subquery(matches, output_field=IntegerField())
        counted = self.object_list.annotate(total=total).values_list("id", "total")
        rows = list(counted[: self.per_page])
        self.__dict__["count"] = rows[0][1] if rows else 0
        return self._page_of([pk for pk, _ in rows], 1)

    def page(self, number):
        number = self.validate_number(number)
        return self._page_of(self._ids((number - 1) * self.per_page), number)

    def _ids(self, bottom: int) -> list[int]:
        return list(self.object_list.values_list("id", flat=True)[bottom : bottom + self.per_page])

    def _page_of(self, ids: list[int], number: int):
        rows = (
            Collectivite.objects.select_related("departement", "commune_parente")
            .only(*LISTED_FIELDS, "departement__nom", "departement__code", "commune_parente__nom")
            .in_bulk(ids)
        )
        return self._get_page([rows[pk] for pk in ids], number, self)


# What a list of results shows (territoires/_resultats.html): PostgreSQL's driver converts
# every value it returns, so the thirty columns of a whole row cost more than the search.
LISTED_FIELDS = ("type", "code", "nom", "categorie_epci", "population_municipale", "actif")


LETTRES_AU_FIL_DE_LA_FRAPPE = 3


def letters_missing(query: str) -> int:
    """How many more letters a name needs before it is searched as it is typed: one or two
    letters match thousands of collectivités, a list nobody reads while typing (the whole
    search still runs on Enter). Codes are searched from their first digit."""
    letters = normalise(query).replace(" ", "")
    if not letters or _is_code(query.strip()):
        return 0
    return max(0, LETTRES_AU_FIL_DE_LA_FRAPPE - len(letters))


def _in_or_is(type_: str, link: str, code: str) -> Q:
    """In the territory or the territory itself, or the collectivité with a statute of its own
    that carries it (the Alsace for « 67 »)."""
    territory = Collectivite.objects.filter(type=type_, code=code).values("id")[:1]
    found = Q(**{f"{link}_id": Subquery(territory)}) | Q(type=type_, code=code)
    carriers = statuts.PAR_CODE_DE_PARTIE.get(code)
    return found | Q(type=T.STATUT_PARTICULIER, code__in=carriers) if carriers else found


def _is_code(query: str) -> bool:
    return query.isdigit() or bool(_INSEE_CODE.match(query) or _DEPARTEMENT_CODE.match(query))


def _by_code(queryset: QuerySet, code: str) -> tuple[QuerySet, Case]:
    matches = Q(code=code) | Q(siren=code)
    if len(code) == 5:
        matches |= _serving_postal_code(code)
    elif _DEPARTEMENT_CODE.match(code):
        matches = Q(type=T.DEPARTEMENT, code=code) | Q(type=T.REGION, code=code.zfill(2))
    # « 75 », « 67 », « 2A », « 972 »: the collectivité that carries that département or région.
    carriers = statuts.PAR_CODE_DE_PARTIE.get(code, []) + statuts.PAR_CODE_DE_PARTIE.get(code.zfill(2), [])
    carried = Q(type=T.STATUT_PARTICULIER, code__in=carriers)
    if carriers:
        matches |= carried
    rank = Case(When(Q(code=code) | carried, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.filter(matches), rank


def _by_name(queryset: QuerySet, words: str) -> tuple[QuerySet, Case | None]:
    if not words:
        return queryset, None
    if _has_fts():
        queryset = queryset.filter(id__in=_indexed_match("texte_recherche", words.split(), prefix=True))
    else:  # PostgreSQL: LIKE '% word%' is answered by the pg_trgm index
        for word in words.split():
            queryset = queryset.filter(texte_recherche__contains=f" {word}")
    single_word = " " not in words
    tiers = [
        When(nom_normalise=words, then=Value(0)),
        When(nom_normalise__startswith=f"{words} ", then=Value(1)),
        When(_phrase(words, started=False), then=Value(2)),
    ]
    if not single_word:  # a single word that matched always starts the phrase: rank 3
        tiers.append(When(_phrase(words, started=True), then=Value(3)))
    rank = Case(*tiers, default=Value(3 if single_word else 4), output_field=IntegerField())
    return queryset, rank


def _phrase(words: str, *, started: bool) -> Q:
    """The words side by side, the last one whole or only `started`."""
    if _has_fts():
        return Q(id__in=_indexed_match("texte_recherche", [words], prefix=started))
    return Q(texte_recherche__contains=f" {words}" if started else f" {words} ")


def _serving_postal_code(code: str) -> Q:
    if _has_fts():  # codes are whole tokens of codes_postaux: a token match is "contains"
        return Q(id__in=_indexed_match("codes_postaux", [code]))
    return Q(codes_postaux__contains=code)


def _has_fts() -> bool:
    return connection.vendor == "sqlite"


def _indexed_match(column: str, words: list[str], *, prefix: bool = False) -> RawSQL:
    """Ids whose column has every word (or a word starting with it), from the FTS5 index.

    Words are normalised ASCII, the very tokens FTS5 stores, so quoting each one is enough
    to keep FTS5's operators out."""
    star = "*" if prefix else ""
    match = " ".join(f'{column} : "{word}"{star}' for word in words)
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])


def _ordered(queryset: QuerySet, rank, *, by_population_index: bool) -> QuerySet:
    """Best rank first, then the most populous (unknown population last): without a rank,
    the order is the population index's own. Both population orders are the same; only the
    second keeps databases from walking the index."""
    type_rank = Case(
        When(type=T.COMMUNE, then=Value(0)),
        When(type=T.EPCI, then=Value(1)),
        When(type__in=[T.DEPARTEMENT, T.REGION], then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    population = (
        F("population_municipale").desc(nulls_last=True)
        if by_population_index
        else Coalesce("population_municipale", Value(-1)).desc()
    )
    order = [population, "rang_type", "nom", "code"]
    if rank is not None:
        queryset, order = queryset.annotate(rang=rank), ["rang", *order]
    return queryset.annotate(rang_type=type_rank).order_by(*order)


def filter_choices() -> dict:
    """Régions and départements for the search filters, from the current référentiel: the
    circonscriptions that a collectivité with a statute of its own carries (Bas-Rhin, Corse-du-Sud…)
    still hold communes, so they stay in the lists."""
    territories = Collectivite.objects.filter(
        Q(actif=True) | Q(successeur__type=T.STATUT_PARTICULIER), type__in=[T.REGION, T.DEPARTEMENT]
    )
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
        "nom_normalise", "nom"
    )


def carried_territory(collectivite: Collectivite) -> dict:
    """What the page of a collectivité with a statute of its own shows of its territory: the
    rows of the official files it carries (circonscriptions now), its communes and their EPCI
    when it carries départements or a région, and its law."""
    statut = collectivite.statut
    parts = Collectivite.objects.filter(successeur=collectivite).order_by("type", "code")
    context = {"statut": statut, "circonscriptions": parts}
    if statut and "commune" not in statut.niveaux:
        communes = Collectivite.objects.filter(
            type=T.COMMUNE, actif=True, departement__in=[p for p in parts if p.type == T.DEPARTEMENT]
        )
        context["compte"] = {
            "communes": communes.count(),
            "epci": Collectivite.objects.filter(
                type=T.EPCI, actif=True, id__in=communes.values("epci_id")
            ).count(),
        }
    return context


def member_communes(epci: Collectivite) -> QuerySet[Collectivite]:
    return epci.communes_membres.filter(actif=True).order_by(
        Coalesce("population_municipale", Value(0)).desc(), "nom_normalise"
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
    """Communes, rural communes, EPCI and population of a région, by département (the Ville de
    Paris counted once, as the commune it also is)."""
    communes = Collectivite.objects.filter(TYPE_FILTERS["commune"][1], actif=True, region=region)
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
