"""Reading the official files, strictly: any defect is a French error naming file and record.

The files are those of Etalab's decoupage-administratif package (communes, EPCI,
départements, régions), plain or gzip-compressed, plus our complements file (coordinates,
town-hall contact and density, one row per commune) built by `refresh_snapshot`.
"""

import csv
import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
OFFICIAL_FILES = ("regions", "departements", "epci", "communes")

REQUIRED_KEYS = {
    "regions": ("code", "nom"),
    "departements": ("code", "nom", "region"),
    "epci": ("code", "nom", "type", "membres"),
    "communes": ("code", "nom", "type", "departement", "region"),
}
COMMUNE_TYPES = (
    "commune-actuelle",
    "arrondissement-municipal",
    "commune-deleguee",
    "commune-associee",
)
EPCI_TYPES = ("CC", "CA", "CU", "METRO", "MET69")
COMPLEMENT_COLUMNS = (
    "code",
    "latitude",
    "longitude",
    "mairie_adresse",
    "mairie_email",
    "mairie_telephone",
    "mairie_site",
    "densite",
)


class ReferentielInvalide(Exception):
    """A source file cannot be imported; the message is for the user, in French."""


class Complement(NamedTuple):
    latitude: float | None
    longitude: float | None
    mairie_adresse: str
    mairie_email: str
    mairie_telephone: str
    mairie_site: str
    densite: int | None


@dataclass
class Sources:
    regions: list[dict]
    departements: list[dict]
    epci: list[dict]
    communes: list[dict]
    complements: dict[str, Complement] = field(default_factory=dict)


def read_sources(directory: Path | None = None) -> Sources:
    """The four official files and the complements, from `directory` or the shipped snapshot.

    A directory holding only the official files takes its complements from the snapshot.
    """
    directory = Path(directory) if directory else SNAPSHOT_DIR
    if not directory.is_dir():
        raise ReferentielInvalide(f"Dossier introuvable : {directory}")
    records = {name: _read_records(directory, name) for name in OFFICIAL_FILES}
    complements_path = _find(directory, "complements", ".csv") or _find(SNAPSHOT_DIR, "complements", ".csv")
    sources = Sources(**records)
    if complements_path:
        sources.complements = read_complements(complements_path)
    _check_references(sources)
    return sources


def _find(directory: Path, name: str, suffix: str) -> Path | None:
    for candidate in (directory / f"{name}{suffix}", directory / f"{name}{suffix}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _open_text(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8")
    return path.open(encoding="utf-8")


def _read_records(directory: Path, name: str) -> list[dict]:
    path = _find(directory, name, ".json")
    if path is None:
        raise ReferentielInvalide(f"Fichier manquant : {name}.json introuvable dans {directory}")
    try:
        with _open_text(path) as handle:
            records = json.load(handle)
    except json.JSONDecodeError as exc:
        raise ReferentielInvalide(
            f"{path.name} : JSON invalide à la ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."
        ) from exc
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise ReferentielInvalide(f"{path.name} : fichier illisible ({exc}).") from exc
    if not isinstance(records, list):
        raise ReferentielInvalide(f"{path.name} : une liste d'enregistrements est attendue.")
    for position, record in enumerate(records, start=1):
        _check_record(path.name, position, record, REQUIRED_KEYS[name])
    return records


def _describe(position: int, record: dict) -> str:
    code = record.get("code") if isinstance(record, dict) else None
    return f"enregistrement n° {position}" + (f" (code {code})" if code else "")


def _check_record(filename: str, position: int, record, required: tuple[str, ...]) -> None:
    if not isinstance(record, dict):
        raise ReferentielInvalide(f"{filename} : l'{_describe(position, {})} n'est pas un objet.")
    for key in required:
        value = record.get(key)
        if value is None or value == "":
            where = _describe(position, record)
            raise ReferentielInvalide(f"{filename} : clé obligatoire « {key} » absente de l'{where}.")
    if filename.startswith("communes") and record["type"] not in COMMUNE_TYPES:
        raise ReferentielInvalide(
            f"{filename} : type « {record['type']} » inconnu dans l'{_describe(position, record)}."
        )
    if filename.startswith("epci"):
        _check_epci(filename, position, record)


def _check_epci(filename: str, position: int, record: dict) -> None:
    if record["type"] not in EPCI_TYPES:
        where = _describe(position, record)
        raise ReferentielInvalide(f"{filename} : type d'EPCI « {record['type']} » inconnu dans l'{where}.")
    members = record["membres"]
    if not isinstance(members, list) or not all(
        isinstance(member, dict) and member.get("code") for member in members
    ):
        raise ReferentielInvalide(
            f"{filename} : liste « membres » invalide dans l'{_describe(position, record)}."
        )


def _check_references(sources: Sources) -> None:
    regions = {record["code"] for record in sources.regions}
    departements = {record["code"] for record in sources.departements}
    for position, record in enumerate(sources.departements, start=1):
        if record["region"] not in regions:
            raise ReferentielInvalide(
                f"departements.json : la région {record['region']} de l'"
                f"{_describe(position, record)} n'existe pas dans regions.json."
            )
    for position, record in enumerate(sources.communes, start=1):
        if record["departement"] not in departements:
            raise ReferentielInvalide(
                f"communes.json : le département {record['departement']} de l'"
                f"{_describe(position, record)} n'existe pas dans departements.json."
            )
    current = {r["code"] for r in sources.communes if r["type"] == "commune-actuelle"}
    for position, record in enumerate(sources.epci, start=1):
        for member in record["membres"]:
            if member["code"] not in current:
                raise ReferentielInvalide(
                    f"epci.json : la commune membre {member['code']} de l'"
                    f"{_describe(position, record)} ({record['nom']}) n'est pas une commune "
                    "connue de communes.json."
                )


def read_complements(path: Path) -> dict[str, Complement]:
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            missing = set(COMPLEMENT_COLUMNS) - set(header)
            if missing:
                raise ReferentielInvalide(
                    f"{path.name} : colonnes manquantes : {', '.join(sorted(missing))}."
                )
            positions = [header.index(column) for column in COMPLEMENT_COLUMNS]
            return {
                row[positions[0]]: _complement(path.name, line, [row[i] for i in positions])
                for line, row in enumerate(reader, start=2)
            }
    except (UnicodeDecodeError, OSError, EOFError, csv.Error, IndexError) as exc:
        raise ReferentielInvalide(f"{path.name} : fichier illisible ({exc}).") from exc


def _complement(filename: str, line: int, values: list[str]) -> Complement:
    code, latitude, longitude, adresse, email, telephone, site, densite = values
    try:
        complement = Complement(
            latitude=float(latitude) if latitude else None,
            longitude=float(longitude) if longitude else None,
            mairie_adresse=adresse,
            mairie_email=email,
            mairie_telephone=telephone,
            mairie_site=site,
            densite=int(densite) if densite else None,
        )
    except ValueError as exc:
        raise ReferentielInvalide(
            f"{filename} : valeur numérique invalide à la ligne {line} (code {code})."
        ) from exc
    if complement.densite is not None and not 1 <= complement.densite <= 7:
        raise ReferentielInvalide(
            f"{filename} : niveau de densité {complement.densite} hors de 1 à 7 à la ligne {line}."
        )
    return complement
