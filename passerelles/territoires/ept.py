"""The eleven établissements publics territoriaux (EPT) of the Métropole du Grand Paris, with
their member communes: in the Grand Paris, household waste (and, by their statutes, often water
and sanitation through syndicats) is held by the EPT, not by the Métropole nor the commune.

The official files of the référentiel do not list them; this table does, by the COG 2025 codes of
their communes. Source: the eleven décrets n° 2015-1655 à 2015-1665 du 11 décembre 2015 fixing
their perimeters (loi n° 2015-991 du 7 août 2015, NOTRe, art. 59 ; CGCT, L5219-2), and the COG
2025 for the communes merged since (Saint-Denis absorbed Pierrefitte-sur-Seine on 1 January
2025). The territory numbering (T2 to T12, T1 being Paris) is the Métropole's own.
`tests/test_ept.py` checks that they share out the Métropole's member communes, Paris aside.
"""

from dataclasses import dataclass

SOURCE = "décrets n° 2015-1655 à 2015-1665 du 11 décembre 2015"


@dataclass(frozen=True)
class Ept:
    code: str
    nom: str
    communes: tuple[str, ...]

    @property
    def nom_court(self) -> str:
        """ "l'EPT Est Ensemble", as the advice names it."""
        return f"l'EPT {self.nom}"

    @property
    def source(self) -> str:
        return SOURCE


EPTS = (
    Ept(
        "T2",
        "Vallée Sud - Grand Paris",
        (
            "92002",
            "92007",
            "92014",
            "92019",
            "92020",
            "92023",
            "92032",
            "92060",
            "92046",
            "92049",
            "92071",
        ),
    ),
    Ept(
        "T3",
        "Grand Paris Seine Ouest",
        (
            "92012",
            "92022",
            "92040",
            "92047",
            "92048",
            "92072",
            "92075",
            "92077",
        ),
    ),
    Ept(
        "T4",
        "Paris Ouest La Défense",
        (
            "92026",
            "92033",
            "92035",
            "92044",
            "92050",
            "92051",
            "92062",
            "92063",
            "92064",
            "92073",
            "92076",
        ),
    ),
    Ept(
        "T5",
        "Boucle Nord de Seine",
        (
            "95018",
            "92004",
            "92009",
            "92024",
            "92025",
            "92036",
            "92078",
        ),
    ),
    Ept(
        "T6",
        "Plaine Commune",
        (
            "93001",
            "93031",
            "93039",
            "93027",
            "93066",
            "93070",
            "93072",
            "93079",
        ),
    ),
    Ept(
        "T7",
        "Paris Terres d'Envol",
        (
            "93005",
            "93007",
            "93013",
            "93029",
            "93030",
            "93071",
            "93073",
            "93078",
        ),
    ),
    Ept(
        "T8",
        "Est Ensemble",
        (
            "93006",
            "93008",
            "93010",
            "93045",
            "93048",
            "93053",
            "93055",
            "93061",
            "93063",
        ),
    ),
    Ept(
        "T9",
        "Grand Paris Grand Est",
        (
            "93014",
            "93015",
            "93032",
            "93033",
            "93046",
            "93047",
            "93049",
            "93050",
            "93051",
            "93057",
            "93062",
            "93064",
            "93074",
            "93077",
        ),
    ),
    Ept(
        "T10",
        "Paris-Est-Marne et Bois",
        (
            "94015",
            "94017",
            "94018",
            "94033",
            "94042",
            "94058",
            "94046",
            "94052",
            "94067",
            "94068",
            "94069",
            "94079",
            "94080",
        ),
    ),
    Ept(
        "T11",
        "Grand Paris Sud Est Avenir",
        (
            "94002",
            "94004",
            "94011",
            "94019",
            "94028",
            "94060",
            "94059",
            "94044",
            "94047",
            "94048",
            "94053",
            "94055",
            "94056",
            "94070",
            "94071",
            "94075",
        ),
    ),
    Ept(
        "T12",
        "Grand-Orly Seine Bièvre",
        (
            "94001",
            "94003",
            "94016",
            "94021",
            "94022",
            "94034",
            "94037",
            "94038",
            "94041",
            "94043",
            "94054",
            "94065",
            "94073",
            "94074",
            "94076",
            "94077",
            "94078",
            "94081",
            "91027",
            "91326",
            "91432",
            "91479",
            "91589",
            "91687",
        ),
    ),
)
EPT_OF = {commune: ept for ept in EPTS for commune in ept.communes}
