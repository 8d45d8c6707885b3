"""The mobility organising authorities that are neither a commune nor an EPCI à fiscalité
propre (Île-de-France Mobilités, SYTRAL Mobilités, Martinique Transport, syndicats mixtes),
shipped as sourced, dated data (catalogue/autorites_mobilite.yaml): where one of them covers
a territory, it is the one that can mobilise the « 1 % mobilité » (L1115-3 CGCT)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FICHIER = Path(__file__).parent / "catalogue" / "autorites_mobilite.yaml"
KINDS = ("regions", "departements", "epci", "communes", "statuts")


@dataclass(frozen=True)
class Autorite:
    nom: str
    nature: str
    couvre: dict
    depuis: str
    sources: tuple
    verifie_le: object


@cache
def autorites() -> tuple[Autorite, ...]:
    entries = yaml.safe_load(FICHIER.read_text(encoding="utf-8"))
    return tuple(
        Autorite(
            nom=e["nom"],
            nature=e["nature"],
            couvre={kind: tuple(str(code) for code in e["couvre"].get(kind, ())) for kind in KINDS},
            depuis=e.get("depuis") or "",
            sources=tuple(e.get("sources") or ()),
            verifie_le=e.get("verifie_le"),
        )
        for e in entries
    )


def autorite_for(*, type_: str, code: str, region: str, departement: str, epci_code: str) -> Autorite | None:
    """The authority covering this collectivité's whole territory, if the data names one."""
    for autorite in autorites():
        c = autorite.couvre
        if (
            region in c["regions"]
            or departement in c["departements"]
            or (type_ == "statut_particulier" and code in c["statuts"])
            or (type_ == "epci" and code in c["epci"])
            or epci_code in c["epci"]
            or (type_ == "commune" and code in c["communes"])
        ):
            return autorite
    return None
