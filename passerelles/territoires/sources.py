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
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
OFFICIAL_FILES = ("regions", "departements", "epci", "communes")

# What each record must look like: key -> (expected kind, required). Kinds: "texte" (a
# non-empty string), "entier" (an integer >= 0), "textes" (a list of strings), "liste".
SCHEMAS = {
    "regions": {"code": ("texte", True), "nom": ("texte", True), "chefLieu": ("texte", False)},
    "departements": {
        "code": ("texte", True),
        "nom": ("texte", True),
        "region": ("texte", True),
        "chefLieu": ("texte", False),
    },
    "epci": {
        "code": ("texte", True),
        "nom": ("texte", True),
        "type": ("texte", True),
        "membres": ("liste", True),
        "modeFinancement": ("texte", False),
        "populationTotale": ("entier", False),
        "populationMunicipale": ("entier", False),
    },
    "communes": {
        "code": ("texte", True),
        "nom": ("texte", True),
        "type": ("texte", True),
        "departement": ("texte", True),
        "region": ("texte", True),
        "siren": ("texte", False),
        "codesPostaux": ("textes", False),
        "population": ("entier", False),
        "zone": ("texte", False),
        "chefLieu": ("texte", False),
        "commune": ("texte", False),
        "anciensCodes": ("textes", False),
    },
    "membres": {
        "code": ("texte", True),
        "populationTotale": ("entier", False),
        "populationMunicipale": ("entier", False),
    },
}
LARGEST_INTEGER = 2**31 - 1  # PostgreSQL's integer, used for populations
KIND_LABELS = {
    "texte": "un texte non vide",
    "entier": "un entier positif",
    "textes": "une liste de textes",
    "liste": "une liste",
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
        _check_record(path.name, position, record, SCHEMAS[name])
    if name == "communes":
        _check_types(path.name, records, COMMUNE_TYPES, "type")
        _check_unique(path.name, records, lambda record: (record["type"], record["code"]))
    else:
        _check_unique(path.name, records, lambda record: record["code"])
    if name == "epci":
        _check_types(path.name, records, EPCI_TYPES, "type d'EPCI")
        _check_members(records)
    return records


def _describe(position: int, record) -> str:
    code = record.get("code") if isinstance(record, dict) else None
    return f"enregistrement n° {position}" + (f" (code {code})" if isinstance(code, str) else "")


def _check_record(filename: str, position: int, record, schema: dict) -> None:
    if not isinstance(record, dict):
        raise ReferentielInvalide(f"{filename} : l'{_describe(position, None)} n'est pas un objet.")
    for key, (kind, required) in schema.items():
        value = record.get(key)
        if value is None:
            if required:
                where = _describe(position, record)
                raise ReferentielInvalide(f"{filename} : clé obligatoire « {key} » absente de l'{where}.")
        elif not _is_kind(value, kind):
            where = _describe(position, record)
            raise ReferentielInvalide(f"{filename} : « {key} » doit être {KIND_LABELS[kind]} dans l'{where}.")


def _is_kind(value, kind: str) -> bool:
    if kind == "texte":
        return isinstance(value, str) and value != ""
    if kind == "entier":
        return type(value) is int and 0 <= value <= LARGEST_INTEGER
    if kind == "textes":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, list)


def _check_types(filename: str, records: list[dict], allowed: tuple[str, ...], label: str) -> None:
    for position, record in enumerate(records, start=1):
        if record["type"] not in allowed:
            where = _describe(position, record)
            raise ReferentielInvalide(f"{filename} : {label} « {record['type']} » inconnu dans l'{where}.")


def _check_members(records: list[dict]) -> None:
    for position, record in enumerate(records, start=1):
        for member in record["membres"]:
            try:
                _check_record("epci.json", position, member, SCHEMAS["membres"])
            except ReferentielInvalide as exc:
                raise ReferentielInvalide(f"{exc} (dans la liste « membres »)") from exc


def _check_unique(filename: str, records: list[dict], key) -> None:
    seen = set()
    for position, record in enumerate(records, start=1):
        identity = key(record)
        if identity in seen:
            where = _describe(position, record)
            raise ReferentielInvalide(f"{filename} : l'{where} est en double.")
        seen.add(identity)


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
            pick = itemgetter(*(header.index(column) for column in COMPLEMENT_COLUMNS))
            complements = {}
            for line, row in enumerate(reader, start=2):
                values = pick(row)
                complements[values[0]] = _complement(path.name, line, values)
            return complements
    except (UnicodeDecodeError, OSError, EOFError, csv.Error, IndexError) as exc:
        raise ReferentielInvalide(f"{path.name} : fichier illisible ({exc}).") from exc


def _complement(filename: str, line: int, values: list[str]) -> Complement:
    code, latitude, longitude, adresse, email, telephone, site, densite = values
    try:
        complement = Complement(
            float(latitude) if latitude else None,
            float(longitude) if longitude else None,
            adresse,
            email,
            telephone,
            site,
            int(densite) if densite else None,
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
