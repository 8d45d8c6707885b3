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
from itertools import chain, repeat
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
        # Decompressed and decoded at once: through a text stream, a tenth slower.
        data = path.read_bytes()
        records = json.loads((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise ReferentielInvalide(
            f"{path.name} : JSON invalide à la ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."
        ) from exc
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise ReferentielInvalide(f"{path.name} : fichier illisible ({exc}).") from exc
    if not isinstance(records, list):
        raise ReferentielInvalide(f"{path.name} : une liste d'enregistrements est attendue.")
    if not _well_formed(records, SCHEMAS[name]):
        for position, record in enumerate(records, start=1):
            _check_record(path.name, position, record, SCHEMAS[name])
    if name == "communes":
        _check_types(path.name, records, COMMUNE_TYPES, "type")
        _check_unique(path.name, records, itemgetter("type", "code"))
    else:
        _check_unique(path.name, records, itemgetter("code"))
    if name == "epci":
        _check_types(path.name, records, EPCI_TYPES, "type d'EPCI")
        _check_members(records)
    return records


def _describe(position: int, record) -> str:
    code = record.get("code") if isinstance(record, dict) else None
    return f"enregistrement n° {position}" + (f" (code {code})" if isinstance(code, str) else "")


# The types `_is_kind` accepts for each kind, exactly (a subclass is left to `_is_kind`).
_KIND_TYPES = {"texte": {str}, "entier": {int}, "textes": {list}, "liste": {list}}


def _well_formed(records: list, schema: dict) -> bool:
    """Whether every record passes `_check_record`, asked of whole columns at C speed: the
    40,000 communes and 35,000 EPCI members checked record by record, key by key, cost as much
    as parsing them. False means "check them one by one": that check names the defect."""
    if set(map(type, records)) - {dict}:
        return False
    for key, (kind, required) in schema.items():
        values = list(map(dict.get, records, repeat(key)))
        allowed = _KIND_TYPES[kind] if required else _KIND_TYPES[kind] | {type(None)}
        if not set(map(type, values)) <= allowed:
            return False
        if kind == "texte" and "" in values:
            return False
        if kind == "entier":
            present = [value for value in values if value is not None]
            if present and not (min(present) >= 0 and max(present) <= LARGEST_INTEGER):
                return False
        if kind == "textes" and set(map(type, chain.from_iterable(filter(None, values)))) - {str}:
            return False
    return True


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
    if set(map(itemgetter("type"), records)) <= set(allowed):
        return
    for position, record in enumerate(records, start=1):
        if record["type"] not in allowed:
            where = _describe(position, record)
            raise ReferentielInvalide(f"{filename} : {label} « {record['type']} » inconnu dans l'{where}.")


def _check_members(records: list[dict]) -> None:
    if _well_formed(list(chain.from_iterable(map(itemgetter("membres"), records))), SCHEMAS["membres"]):
        return
    for position, record in enumerate(records, start=1):
        for member in record["membres"]:
            try:
                _check_record("epci.json", position, member, SCHEMAS["membres"])
            except ReferentielInvalide as exc:
                raise ReferentielInvalide(f"{exc} (dans la liste « membres »)") from exc


def _check_unique(filename: str, records: list[dict], key) -> None:
    if len(set(map(key, records))) == len(records):
        return
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
    # Each check asks first of all the records at once, then, on a defect, finds the first one.
    known_departements = set(map(itemgetter("departement"), sources.communes)) <= departements
    for position, record in enumerate([] if known_departements else sources.communes, start=1):
        if record["departement"] not in departements:
            raise ReferentielInvalide(
                f"communes.json : le département {record['departement']} de l'"
                f"{_describe(position, record)} n'existe pas dans departements.json."
            )
    current = {r["code"] for r in sources.communes if r["type"] == "commune-actuelle"}
    members = chain.from_iterable(map(itemgetter("membres"), sources.epci))
    known_members = set(map(itemgetter("code"), members)) <= current
    for position, record in enumerate([] if known_members else sources.epci, start=1):
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
            # One loop without a call per row: 35,000 rows, where a call costs as much as its work.
            for line, (code, latitude, longitude, adresse, email, telephone, site, densite) in enumerate(
                map(pick, reader), start=2
            ):
                try:
                    complements[code] = Complement(
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
                        f"{path.name} : valeur numérique invalide à la ligne {line} (code {code})."
                    ) from exc
                if densite and not 1 <= complements[code].densite <= 7:
                    raise ReferentielInvalide(
                        f"{path.name} : niveau de densité {complements[code].densite} hors de 1 à 7 "
                        f"à la ligne {line}."
                    )
            return complements
    except (UnicodeDecodeError, OSError, EOFError, csv.Error, IndexError) as exc:
        raise ReferentielInvalide(f"{path.name} : fichier illisible ({exc}).") from exc
