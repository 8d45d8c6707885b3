"""What the référentiel's rows really are, where the official files' types mislead: the
Collectivité européenne d'Alsace appears as two départements, the Collectivité de Corse as
two départements and a région, the collectivités uniques of Martinique and Guyane (and
Mayotte) as a département and a région, Paris as a commune and a département, the Métropole
de Lyon as an EPCI. Sources: CGCT (titles on these collectivités) ; loi n° 2019-816 du
2 août 2019 (CEA) ; INSEE, COG 2025."""

ALSACE = (
    "Collectivité européenne d'Alsace (exerce les compétences départementales du Bas-Rhin et du Haut-Rhin)"
)
CORSE = "Collectivité de Corse (collectivité à statut particulier, ni région ni départements)"
MARTINIQUE = "Collectivité territoriale de Martinique (collectivité unique : région et département)"
GUYANE = "Collectivité territoriale de Guyane (collectivité unique : région et département)"
MAYOTTE = "Département de Mayotte (exerce aussi les compétences d'une région)"
PARIS = "Ville de Paris (collectivité à statut particulier : commune et département)"
LYON = "Métropole de Lyon (collectivité à statut particulier, pas un EPCI)"

STATUTS_PARTICULIERS = {
    ("departement", "67"): ALSACE,
    ("departement", "68"): ALSACE,
    ("departement", "2A"): CORSE,
    ("departement", "2B"): CORSE,
    ("region", "94"): CORSE,
    ("departement", "972"): MARTINIQUE,
    ("region", "02"): MARTINIQUE,
    ("departement", "973"): GUYANE,
    ("region", "03"): GUYANE,
    ("departement", "976"): MAYOTTE,
    ("region", "06"): MAYOTTE,
    ("departement", "75"): PARIS,
    ("commune", "75056"): PARIS,
    ("epci", "200046977"): LYON,
}
