"""From the official records to the rows the référentiel should hold.

Pure functions: no database here. A row is keyed by (type, code); its links to other
collectivités are keys too, resolved to ids by the importer.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from . import statuts
from .models import TypeCollectivite as T
from .normalisation import normalise, normalise_nom_epci
from .sources import Complement, Sources

Key = tuple[str, str]

FIELDS = (
    "siren",
    "nom",
    "nom_normalise",
    "texte_recherche",
    "categorie_epci",
    "mode_financement",
    "zone",
    "population_municipale",
    "population_totale",
    "codes_postaux",
    "chef_lieu",
    "latitude",
    "longitude",
    "densite",
    "mairie_adresse",
    "mairie_email",
    "mairie_telephone",
    "mairie_site",
)
LINKS = ("region", "departement", "epci", "commune_parente")

COMMUNE_TYPE = {
    "commune-actuelle": T.COMMUNE,
    "arrondissement-municipal": T.ARRONDISSEMENT,
    "commune-deleguee": T.COMMUNE_DELEGUEE,
    "commune-associee": T.COMMUNE_ASSOCIEE,
}
# Insertion order: a row's links always point to rows of earlier levels.
LEVELS = (
    T.REGION,
    T.DEPARTEMENT,
    T.STATUT_PARTICULIER,
    T.EPCI,
    T.COMMUNE,
    T.ARRONDISSEMENT,
    T.COMMUNE_DELEGUEE,
    T.COMMUNE_ASSOCIEE,
)
EPCI_ALIASES = {
    "CC": "communaute de communes",
    "CA": "communaute d agglomeration",
    "CU": "communaute urbaine",
    "METRO": "metropole",
    "MET69": "metropole",
}
NO_COMPLEMENT = Complement(None, None, "", "", "", "", None)


def row_values(
    *,
    nom: str,
    siren: str = "",
    nom_normalise: str | None = None,
    texte_recherche: str | None = None,
    categorie_epci: str = "",
    mode_financement: str = "",
    zone: str = "",
    population_municipale: int | None = None,
    population_totale: int | None = None,
    codes_postaux: str = "",
    chef_lieu: str = "",
    position: tuple[float | None, float | None] | None = None,
    complement: Complement = NO_COMPLEMENT,
) -> tuple:
    """A row's values in FIELDS order; the position defaults to the complement's."""
    nom_normalise = nom_normalise or normalise(nom)
    latitude, longitude = position or (complement.latitude, complement.longitude)
    return (
        siren,
        nom,
        nom_normalise,
        texte_recherche or f" {nom_normalise} ",
        categorie_epci,
        mode_financement,
        zone,
        population_municipale,
        population_totale,
        codes_postaux,
        chef_lieu,
        latitude,
        longitude,
        complement.densite,
        complement.mairie_adresse,
        complement.mairie_email,
        complement.mairie_telephone,
        complement.mairie_site,
    )


class Row(NamedTuple):
    values: tuple  # in FIELDS order
    links: tuple[Key | None, ...]  # in LINKS order
    # A row of the files carried by a collectivité with a statute of its own (statuts.py): no
    # longer a collectivité itself, but a circonscription whose successor is that collectivité.
    porteuse: Key | None = None
    depuis: date | None = None


@dataclass
class Referentiel:
    rows: dict[str, dict[str, Row]]  # type -> code -> row
    successors: dict[str, str]  # former commune code -> code of the commune that absorbed it


def build_referentiel(sources: Sources, region: str | None = None) -> Referentiel:
    communes = sources.communes
    if region:
        communes = [record for record in communes if record["region"] == region]
    builder = _Builder(sources, communes)
    rows = {
        T.REGION: builder.regions(region),
        T.DEPARTEMENT: builder.departements(region),
        T.EPCI: builder.epcis(),
    }
    for commune_type in COMMUNE_TYPE.values():
        rows[commune_type] = builder.communes(commune_type)
    rows[T.STATUT_PARTICULIER] = statut_rows(rows, sources)
    successors = {
        former: record["code"]
        for record in communes
        if record["type"] == "commune-actuelle"
        for former in record.get("anciensCodes") or ()
    }
    return Referentiel(rows=rows, successors=successors)


def statut_rows(rows: dict[str, dict[str, Row]], sources: Sources) -> dict[str, Row]:
    """One row per collectivité with a statute of its own whose parts were built, its
    population the sum of the parts that make it (say, Bas-Rhin and Haut-Rhin for the
    Collectivité européenne d'Alsace); the parts it carries are marked as carried by it."""
    built = {}
    for statut in statuts.STATUTS:
        if not all(code in rows[type_] for type_, code in statut.parties):
            continue
        parts = [rows[type_][code] for type_, code in statut.population_de]
        municipale = [part.values[FIELDS.index("population_municipale")] for part in parts]
        totale = [part.values[FIELDS.index("population_totale")] for part in parts]
        postaux = " ".join(
            rows[type_][code].values[FIELDS.index("codes_postaux")]
            for type_, code in statut.parties
            if type_ == T.COMMUNE
        )
        complement = sources.complements.get(statut.chef_lieu, NO_COMPLEMENT)
        built[statut.code] = Row(
            links=(
                (T.REGION, statut.region) if statut.region else None,
                (T.DEPARTEMENT, statut.departement) if statut.departement else None,
                None,
                None,
            ),
            values=row_values(
                siren=statut.siren,
                nom=statut.nom,
                nom_normalise=normalise(statut.noms_usuels[0]),
                texte_recherche=search_text(statut.nom, *statut.noms_usuels, statut.code),
                zone=statut.zone,
                population_municipale=None if None in municipale else sum(municipale),
                population_totale=None if None in totale else sum(totale),
                codes_postaux=postaux,
                chef_lieu=statut.chef_lieu,
                position=(complement.latitude, complement.longitude),
            ),
        )
        for type_, code in statut.parties:
            rows[type_][code] = rows[type_][code]._replace(
                porteuse=(T.STATUT_PARTICULIER, statut.code), depuis=statut.depuis
            )
    return built


def search_text(*names: str) -> str:
    return " " + " ".join(normalise(name) for name in names if name) + " "


class _Builder:
    """Rows for all of France in one pass or two over the records each: with 35,000 communes
    and as many EPCI members, a lookup per record costs as much as writing the rows."""

    def __init__(self, sources: Sources, communes: list[dict]):
        self.sources = sources
        self.records_by_type = defaultdict(list)
        for record in communes:
            self.records_by_type[COMMUNE_TYPE[record["type"]]].append(record)
        self.current = {r["code"]: r for r in self.records_by_type[T.COMMUNE]}
        self.population = {code: r.get("population") or 0 for code, r in self.current.items()}
        self.epci_of = {member["code"]: epci["code"] for epci in sources.epci for member in epci["membres"]}
        self.population_totale = {
            member["code"]: member.get("populationTotale")
            for epci in sources.epci
            for member in epci["membres"]
        }

    def _totals_by(self, commune_key: str) -> dict[str, tuple[int, int | None]]:
        """Région or département code -> the municipal and total populations of its current
        communes; the total is unknown when one of them has none."""
        totals = {}
        for code, commune in self.current.items():
            territory = commune[commune_key]
            municipale, totale = totals.get(territory, (0, 0))
            commune_totale = self.population_totale.get(code)
            totals[territory] = (
                municipale + self.population[code],
                None if totale is None or commune_totale is None else totale + commune_totale,
            )
        return totals

    def _chef_lieu_position(self, code: str) -> tuple[float | None, float | None]:
        complement = self.sources.complements.get(code, NO_COMPLEMENT)
        return complement.latitude, complement.longitude

    def regions(self, only: str | None) -> dict[str, Row]:
        records = [r for r in self.sources.regions if not only or r["code"] == only]
        return self._territories(records, "region", lambda record: (None, None, None, None))

    def departements(self, only_region: str | None) -> dict[str, Row]:
        records = [r for r in self.sources.departements if not only_region or r["region"] == only_region]
        return self._territories(
            records, "departement", lambda r: ((T.REGION, r["region"]), None, None, None)
        )

    def _territories(self, records: list[dict], commune_key: str, links) -> dict[str, Row]:
        """Régions or départements: their communes' populations summed, placed at the chef-lieu."""
        totals = self._totals_by(commune_key)
        rows = {}
        for record in records:
            municipale, totale = totals.get(record["code"], (0, None))
            chef_lieu = record.get("chefLieu") or ""
            rows[record["code"]] = Row(
                links=links(record),
                values=row_values(
                    nom=record["nom"],
                    zone=record.get("zone") or "",
                    chef_lieu=chef_lieu,
                    population_municipale=municipale,
                    population_totale=totale,
                    position=self._chef_lieu_position(chef_lieu),
                ),
            )
        return rows

    def epcis(self) -> dict[str, Row]:
        rows = {}
        for record in self.sources.epci:
            members = [m["code"] for m in record["membres"] if m["code"] in self.current]
            if not members:
                continue
            departement, region = self._main_departement(members)
            rows[record["code"]] = Row(
                links=((T.REGION, region), (T.DEPARTEMENT, departement), None, None),
                values=row_values(
                    siren=record["code"],
                    nom=record["nom"],
                    nom_normalise=normalise_nom_epci(record["nom"]),
                    texte_recherche=search_text(record["nom"], EPCI_ALIASES[record["type"]]),
                    categorie_epci=record["type"],
                    mode_financement=record.get("modeFinancement") or "",
                    zone=self.current[members[0]].get("zone") or "",
                    population_municipale=record.get("populationMunicipale"),
                    population_totale=record.get("populationTotale"),
                    position=self._barycentre(members),
                ),
            )
        return rows

    def _main_departement(self, members: list[str]) -> tuple[str, str]:
        """The département holding most of the EPCI's inhabitants, and its région."""
        communes = [self.current[code] for code in members]
        departements = list(map(itemgetter("departement"), communes))
        if departements.count(departements[0]) == len(departements):  # most EPCI: nothing to weigh
            return departements[0], communes[0]["region"]
        weight = defaultdict(int)
        for departement, code in zip(departements, members, strict=True):
            weight[departement] += self.population[code]
        departement = max(sorted(weight), key=weight.__getitem__)
        return departement, communes[departements.index(departement)]["region"]

    def _barycentre(self, members: list[str]) -> tuple[float | None, float | None]:
        """Population-weighted centre of the member communes: an EPCI's place for distances."""
        complements = self.sources.complements
        located = [
            (complement, self.population[code] or 1)
            for code in members
            if (complement := complements.get(code)) and complement.latitude is not None
        ]
        if not located:
            return None, None
        total = sum(weight for _, weight in located)
        return (
            round(sum(c.latitude * w for c, w in located) / total, 5),
            round(sum(c.longitude * w for c, w in located) / total, 5),
        )

    def communes(self, commune_type: str) -> dict[str, Row]:
        is_current = commune_type == T.COMMUNE
        # Only communes and arrondissements have a line in the complements; only current
        # communes belong to an EPCI.
        complements = self.sources.complements if commune_type in (T.COMMUNE, T.ARRONDISSEMENT) else {}
        epci_of = self.epci_of if is_current else {}
        population_totale = self.population_totale if is_current else {}
        rows = {}
        for record in self.records_by_type[commune_type]:
            code = record["code"]
            epci = epci_of.get(code)
            parent = None if is_current else record.get("commune") or record.get("chefLieu")
            rows[code] = Row(
                row_values(
                    complement=complements.get(code, NO_COMPLEMENT),
                    siren=record.get("siren") or "",
                    nom=record["nom"],
                    zone=record.get("zone") or "",
                    population_municipale=record.get("population"),
                    population_totale=population_totale.get(code),
                    codes_postaux=" ".join(record.get("codesPostaux") or ()),
                ),
                (
                    (T.REGION, record["region"]),
                    (T.DEPARTEMENT, record["departement"]),
                    (T.EPCI, epci) if epci else None,
                    (T.COMMUNE, parent) if parent else None,
                ),
            )
        return rows
