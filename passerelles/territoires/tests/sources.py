"""Small official-format source folders for import tests, built from real codes."""

import json
from pathlib import Path

REGION = {"code": "24", "nom": "Centre-Val de Loire", "chefLieu": "45234", "zone": "metro"}
DEPARTEMENT = {"code": "18", "nom": "Cher", "region": "24", "chefLieu": "18033", "zone": "metro"}


def commune(code: str, nom: str, population: int, **extra) -> dict:
    record = {
        "code": code,
        "nom": nom,
        "type": "commune-actuelle",
        "departement": "18",
        "region": "24",
        "zone": "metro",
        "siren": f"21{code}0",
        "codesPostaux": ["18350"],
        "population": population,
    }
    return {**record, **extra}


def epci(code: str, nom: str, members: list[dict]) -> dict:
    return {
        "code": code,
        "nom": nom,
        "type": "CC",
        "modeFinancement": "FPU",
        "populationTotale": sum(m["population"] for m in members),
        "populationMunicipale": sum(m["population"] for m in members),
        "membres": [
            {
                "code": m["code"],
                "populationTotale": m["population"],
                "populationMunicipale": m["population"],
            }
            for m in members
        ],
    }


NERONDES = commune("18160", "Nérondes", 1403)
BLET = commune("18031", "Blet", 566)
CHARLY = commune("18054", "Charly", 226)


def write_sources(directory: Path, communes=None, epcis=None, departements=None, regions=None) -> Path:
    """A folder with the four official files; defaults: three communes of one CC."""
    communes = [NERONDES, BLET, CHARLY] if communes is None else communes
    if epcis is None:
        epcis = [
            epci(
                "200007177",
                "CC Pays de Nérondes",
                [c for c in communes if c["type"] == "commune-actuelle"],
            )
        ]
    files = {
        "regions": [REGION] if regions is None else regions,
        "departements": [DEPARTEMENT] if departements is None else departements,
        "communes": communes,
        "epci": epcis,
    }
    directory.mkdir(parents=True, exist_ok=True)
    for name, records in files.items():
        (directory / f"{name}.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return directory
