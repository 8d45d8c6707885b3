"""Collectivités as the law makes them, where the official files split or mislabel them.

The files of the découpage administratif list the Ville de Paris as a commune and a
département, the Collectivité européenne d'Alsace as two départements, the Collectivité de
Corse as a région and two départements, Martinique, Guyane and Mayotte as a région and a
département, and Saint-Martin, Saint-Barthélemy and Saint-Pierre-et-Miquelon as a région, a
département and (for the first two) a commune. Each of them is one collectivité: one row of
type `statut_particulier` (built by `rows.py` from this table), with one population (the
whole, summed from its parts when it merged levels) and the levels whose competences it
carries. The rows of the files it carries stay in the référentiel as what they now are —
territorial circonscriptions, inactive as collectivités, with the collectivité as their
successor — so that communes keep their département and région, and old addresses redirect.

The Métropole de Lyon keeps its own row (the files list it among the EPCI, category MET69):
it is a collectivité à statut particulier, not an EPCI; its communes are on its territory,
not its members (`est_metropole_de_lyon`).

Codes: 97x are the COG codes of these collectivités ; 75C, 6AE and 20R are the codes of the
« collectivité territoriale ayant les compétences départementales » (CTCD column of the
INSEE's COG) — not in the shipped snapshot, copied here, to check against the COG file.
"""

from dataclasses import dataclass
from datetime import date

STATUT = "statut_particulier"  # TypeCollectivite.STATUT_PARTICULIER (no model import here)
METROPOLE_DE_LYON = "200046977"


@dataclass(frozen=True)
class Statut:
    code: str
    nom: str
    nature: str  # what the law makes it, as the advice names it
    niveaux: tuple[str, ...]  # levels whose competences it carries: commune, departement, region
    parties: tuple[tuple[str, str], ...]  # rows of the official files it carries
    population_de: tuple[tuple[str, str], ...]  # parts whose populations make its population
    chef_lieu: str  # INSEE code of the commune where it sits (position)
    zone: str
    # The région and département rows it lies in (circonscriptions when it carries them): the
    # links that put it in « the communes of Île-de-France » or « the Corse » like any other row.
    region: str = ""
    departement: str = ""
    depuis: date | None = None  # when the parts stopped being collectivités of their own
    loi: str = ""
    # Other names people search it by; the first is its short name, an exact match for the search.
    noms_usuels: tuple[str, ...] = ()
    siren: str = ""


STATUTS = (
    Statut(
        code="75C",
        nom="Ville de Paris",
        nature="Ville de Paris (collectivité à statut particulier : commune et département, loi 2017-257)",
        niveaux=("commune", "departement"),
        parties=(("commune", "75056"), ("departement", "75")),
        population_de=(("commune", "75056"),),
        chef_lieu="75056",
        zone="metro",
        departement="75",
        region="11",
        depuis=date(2019, 1, 1),
        loi="Loi n° 2017-257 du 28 février 2017, art. 1er : la Ville de Paris, collectivité à statut "
        "particulier (art. 72 de la Constitution), exerce depuis le 1er janvier 2019 les compétences "
        "de la commune et du département de Paris (CGCT, L2512-1).",
        noms_usuels=("Paris", "Mairie de Paris", "Département de Paris", "Commune de Paris"),
        siren="217500016",
    ),
    Statut(
        code="6AE",
        nom="Collectivité européenne d'Alsace",
        nature="Collectivité européenne d'Alsace (département issu du regroupement du Bas-Rhin et du "
        "Haut-Rhin, avec des compétences propres, dont la coopération transfrontalière ; loi 2019-816)",
        niveaux=("departement",),
        parties=(("departement", "67"), ("departement", "68")),
        population_de=(("departement", "67"), ("departement", "68")),
        chef_lieu="67482",
        zone="metro",
        region="44",
        depuis=date(2021, 1, 1),
        loi="Décret n° 2019-142 du 27 février 2019 et loi n° 2019-816 du 2 août 2019 : le Bas-Rhin et le "
        "Haut-Rhin sont regroupés le 1er janvier 2021 en un seul département, la Collectivité européenne "
        "d'Alsace ; ils demeurent des circonscriptions administratives de l'État. Elle est chef de file "
        "de la coopération transfrontalière sur son territoire (CGCT, L3431-1 et suivants).",
        noms_usuels=("Alsace", "CEA", "Bas-Rhin", "Haut-Rhin", "Conseil départemental du Bas-Rhin"),
    ),
    Statut(
        code="20R",
        nom="Collectivité de Corse",
        nature="Collectivité de Corse (collectivité à statut particulier : région et départements "
        "fusionnés en 2018)",
        niveaux=("region", "departement"),
        parties=(("region", "94"), ("departement", "2A"), ("departement", "2B")),
        population_de=(("region", "94"),),
        chef_lieu="2A004",
        zone="metro",
        region="94",
        depuis=date(2018, 1, 1),
        loi="Loi n° 2015-991 du 7 août 2015 (NOTRe), art. 30 : la collectivité de Corse, à statut "
        "particulier, se substitue le 1er janvier 2018 à la collectivité territoriale de Corse et aux "
        "départements de Corse-du-Sud et de Haute-Corse (CGCT, L4421-1).",
        noms_usuels=("Corse", "Corse-du-Sud", "Haute-Corse", "Collectivité territoriale de Corse"),
    ),
    Statut(
        code="972",
        nom="Collectivité territoriale de Martinique",
        nature="Collectivité territoriale de Martinique (collectivité unique : région et département)",
        niveaux=("region", "departement"),
        parties=(("region", "02"), ("departement", "972")),
        population_de=(("region", "02"),),
        chef_lieu="97209",
        zone="drom",
        region="02",
        departement="972",
        depuis=date(2015, 12, 18),
        loi="Loi n° 2011-884 du 27 juillet 2011 : la collectivité territoriale de Martinique exerce les "
        "compétences de la région et du département de Martinique depuis la première réunion de son "
        "assemblée, élue en décembre 2015 (CGCT, L7211-1 et suivants).",
        noms_usuels=("Martinique", "CTM"),
    ),
    Statut(
        code="973",
        nom="Collectivité territoriale de Guyane",
        nature="Collectivité territoriale de Guyane (collectivité unique : région et département)",
        niveaux=("region", "departement"),
        parties=(("region", "03"), ("departement", "973")),
        population_de=(("region", "03"),),
        chef_lieu="97302",
        zone="drom",
        region="03",
        departement="973",
        depuis=date(2015, 12, 18),
        loi="Loi n° 2011-884 du 27 juillet 2011 : la collectivité territoriale de Guyane exerce les "
        "compétences de la région et du département de Guyane depuis la première réunion de son "
        "assemblée, élue en décembre 2015 (CGCT, L7111-1 et suivants).",
        noms_usuels=("Guyane", "CTG"),
    ),
    Statut(
        code="976",
        nom="Département de Mayotte",
        nature="Département de Mayotte (département qui exerce aussi les compétences d'une région)",
        niveaux=("departement", "region"),
        parties=(("region", "06"), ("departement", "976")),
        population_de=(("departement", "976"),),
        chef_lieu="97611",
        zone="drom",
        region="06",
        departement="976",
        depuis=date(2011, 3, 31),
        loi="Loi organique n° 2010-1486 et loi n° 2010-1487 du 7 décembre 2010 : Mayotte est, depuis "
        "le 31 mars 2011, un département qui exerce aussi les compétences dévolues aux régions "
        "d'outre-mer (CGCT, L3441-1).",
        noms_usuels=("Mayotte", "Conseil départemental de Mayotte"),
    ),
    Statut(
        code="978",
        nom="Collectivité de Saint-Martin",
        nature="Collectivité de Saint-Martin (collectivité d'outre-mer de l'article 74 : compétences "
        "communales, départementales et régionales)",
        niveaux=("commune", "departement", "region"),
        parties=(("commune", "97801"), ("departement", "978"), ("region", "978")),
        population_de=(("commune", "97801"),),
        chef_lieu="97801",
        zone="com",
        region="978",
        departement="978",
        depuis=date(2007, 7, 15),
        loi="Loi organique n° 2007-223 du 21 février 2007 : la collectivité de Saint-Martin exerce les "
        "compétences dévolues aux communes, aux départements et aux régions, et celles que la loi "
        "organique lui attribue (CGCT, LO6314-1 et suivants).",
        noms_usuels=("Saint-Martin",),
    ),
    Statut(
        code="977",
        nom="Collectivité de Saint-Barthélemy",
        nature="Collectivité de Saint-Barthélemy (collectivité d'outre-mer de l'article 74 : "
        "compétences communales, départementales et régionales)",
        niveaux=("commune", "departement", "region"),
        parties=(("commune", "97701"), ("departement", "977"), ("region", "977")),
        population_de=(("commune", "97701"),),
        chef_lieu="97701",
        zone="com",
        region="977",
        departement="977",
        depuis=date(2007, 7, 15),
        loi="Loi organique n° 2007-223 du 21 février 2007 : la collectivité de Saint-Barthélemy exerce "
        "les compétences dévolues aux communes, aux départements et aux régions, et celles que la loi "
        "organique lui attribue (CGCT, LO6214-1 et suivants).",
        noms_usuels=("Saint-Barthélemy",),
    ),
    Statut(
        code="975",
        nom="Collectivité territoriale de Saint-Pierre-et-Miquelon",
        nature="Collectivité territoriale de Saint-Pierre-et-Miquelon (collectivité d'outre-mer de "
        "l'article 74 : compétences départementales et régionales ; ses deux communes demeurent)",
        niveaux=("departement", "region"),
        parties=(("departement", "975"), ("region", "975")),
        population_de=(("departement", "975"),),
        chef_lieu="97502",
        zone="com",
        region="975",
        departement="975",
        loi="Loi organique n° 2007-223 du 21 février 2007 : Saint-Pierre-et-Miquelon exerce les "
        "compétences dévolues aux départements et aux régions (CGCT, LO6414-1) ; les communes de "
        "Saint-Pierre et de Miquelon-Langlade demeurent des communes.",
        noms_usuels=("Saint-Pierre-et-Miquelon", "SPM"),
    ),
)
BY_CODE = {statut.code: statut for statut in STATUTS}
# (type, code) of a row of the official files -> the collectivité that carries it.
PORTEUSE = {part: statut for statut in STATUTS for part in statut.parties}
# A département or région code typed in a search -> the collectivités that carry it.
PAR_CODE_DE_PARTIE = {}
for _statut in STATUTS:
    for _type, _code in _statut.parties:
        PAR_CODE_DE_PARTIE.setdefault(_code, []).append(_statut.code)
# Carrying a commune's competences in metropolitan France and the DROM: counted among the
# communes of the official count (34,875 on 1 January 2025, Paris included).
COMMUNES_DU_COMPTE_OFFICIEL = tuple(s.code for s in STATUTS if "commune" in s.niveaux and s.zone != "com")
COMMUNES_D_OUTRE_MER = tuple(s.code for s in STATUTS if "commune" in s.niveaux and s.zone == "com")
DEPARTEMENTS = tuple(s.code for s in STATUTS if "departement" in s.niveaux)
REGIONS = tuple(s.code for s in STATUTS if "region" in s.niveaux)

LYON = "Métropole de Lyon (collectivité à statut particulier, pas un EPCI)"


def niveaux(type_: str, code: str) -> tuple[str, ...]:
    """The levels whose competences a row of the référentiel carries."""
    if type_ == STATUT:
        return BY_CODE[code].niveaux if code in BY_CODE else ()
    return (type_,)


def nature(type_: str, code: str) -> str:
    """The legal nature of a collectivité with a statute of its own, or ""."""
    if type_ == STATUT and code in BY_CODE:
        return BY_CODE[code].nature
    if type_ == "epci" and code == METROPOLE_DE_LYON:
        return LYON
    return ""


# Units of the overseas collectivités that the files list as « communes » (zone « com »),
# told apart by their département code: what each really is, and whether advice applies.
UNITES_OUTRE_MER = {
    "975": ("Commune de Saint-Pierre-et-Miquelon", True, ""),
    "984": (
        "District des Terres australes et antarctiques françaises",
        False,
        "Les districts des TAAF ne sont pas des collectivités territoriales (territoire administré "
        "par un préfet, loi n° 55-1052 du 6 août 1955) : pas de conseil.",
    ),
    "986": (
        "Circonscription territoriale de Wallis-et-Futuna",
        False,
        "Wallis-et-Futuna est divisé en circonscriptions territoriales (loi n° 61-814 du 29 juillet "
        "1961), pas en communes : pas de conseil pour une commune.",
    ),
    "987": (
        "Commune de Polynésie française",
        True,
        "commune de Polynésie française, régie par le code général des collectivités territoriales "
        "applicable en Polynésie française (ordonnance n° 2007-1434) et par le statut du pays : "
        "à vérifier au regard de ces textes, pas comme une commune de métropole",
    ),
    "988": (
        "Commune de Nouvelle-Calédonie",
        True,
        "commune de Nouvelle-Calédonie, régie par le code des communes de la Nouvelle-Calédonie et la "
        "loi organique n° 99-209 : à vérifier au regard de ces textes, pas comme une commune de métropole",
    ),
    "989": (
        "Île de Clipperton",
        False,
        "L'île de Clipperton est une possession de l'État administrée par le ministre chargé de "
        "l'outre-mer (loi n° 55-1052, art. 9), sans habitants ni collectivité territoriale : pas de conseil.",
    ),
}


def unite_outre_mer(departement: str) -> tuple[str, bool, str] | None:
    """(what it is, whether advice applies, why) for a « commune » of an overseas collectivité."""
    return UNITES_OUTRE_MER.get(departement)


# The files also list these overseas territories as a « département » and a « région ».
TERRITOIRES_OUTRE_MER = {
    "984": UNITES_OUTRE_MER["984"],
    "986": (
        "Wallis-et-Futuna (collectivité d'outre-mer, loi n° 61-814 du 29 juillet 1961)",
        True,
        "collectivité d'outre-mer régie par son propre statut (loi n° 61-814) : ni département ni "
        "région au sens du CGCT, à vérifier au regard de ce statut",
    ),
    "987": (
        "Polynésie française (pays d'outre-mer, loi organique n° 2004-192)",
        True,
        "collectivité d'outre-mer régie par son propre statut (loi organique n° 2004-192) : ni "
        "département ni région au sens du CGCT, à vérifier au regard de ce statut",
    ),
    "988": (
        "Nouvelle-Calédonie (loi organique n° 99-209)",
        True,
        "collectivité sui generis (titre XIII de la Constitution, loi organique n° 99-209) : ni "
        "département ni région au sens du CGCT, à vérifier au regard de ce statut",
    ),
    "989": UNITES_OUTRE_MER["989"],
}


def hors_droit_commun(type_: str, code: str, zone: str, departement: str) -> tuple[str, bool, str] | None:
    """(what it is, whether advice applies, why it differs) for the overseas units and
    territories the CGCT's rules for communes, départements and régions do not describe;
    None for the others (the Saint-Pierre-et-Miquelon communes included)."""
    if zone != "com":
        return None
    if type_ == "commune":
        unite = UNITES_OUTRE_MER.get(departement)
        return unite if unite and unite[2] else None
    if type_ in ("departement", "region"):
        return TERRITOIRES_OUTRE_MER.get(code)
    return None
