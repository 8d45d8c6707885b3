"""Commune outlines for the maps: a compact derivative of the per-département GeoJSON files.

The source files weigh 45 MB; maps drawn 640 px wide need far less. Rings are simplified
(Douglas-Peucker), rounded to the thousandth of a degree (about 100 m) and stored as integer
deltas, which leaves France's communes in a file of a few megabytes.
"""

import gzip
import json
from functools import cache
from pathlib import Path

from .sources import SNAPSHOT_DIR

CONTOURS_FILE = "communes-contours.json.gz"
PRECISION = 1000  # units per degree
TOLERANCE = 1.5  # in those units: 0.0015° ≈ 150 m, under a pixel on a région's map


def _distance_to_segment(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    return abs(dy * px - dx * py + bx * ay - by * ax) / (dx * dx + dy * dy) ** 0.5


def simplify(ring: list[tuple[int, int]], tolerance: float = TOLERANCE) -> list[tuple[int, int]]:
    """Douglas-Peucker on a closed ring, iteratively (rings have thousands of points)."""
    if len(ring) < 5:
        return ring
    keep = {0, len(ring) - 1}
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(ring[index], ring[first], ring[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [ring[index] for index in sorted(keep)]


def _encode(ring: list[tuple[int, int]]) -> list[int]:
    flat, previous = [], (0, 0)
    for x, y in ring:
        flat += [x - previous[0], y - previous[1]]
        previous = (x, y)
    return flat


def decode(flat: list[int]) -> list[tuple[float, float]]:
    """(longitude, latitude) pairs of an encoded ring."""
    ring, x, y = [], 0, 0
    for index in range(0, len(flat), 2):
        x, y = x + flat[index], y + flat[index + 1]
        ring.append((x / PRECISION, y / PRECISION))
    return ring


def _compact_ring(coordinates) -> list[int] | None:
    rounded = []
    for lon, lat in coordinates:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    ring = simplify(rounded)
    if len(ring) < 4:
        ring = rounded if len(rounded) >= 4 else None
    return _encode(ring) if ring else None


def contours_build(source: Path, destination: Path = SNAPSHOT_DIR) -> int:
    """Write the compact outlines of every commune in the folder's `communes-*.geojson` files."""
    communes = {}
    for path in sorted(source.glob("communes-*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            geometry = feature["geometry"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            rings = [ring for polygon in polygons for raw in polygon if (ring := _compact_ring(raw))]
            if rings:
                communes[feature["properties"]["code"]] = rings
    if not communes:
        raise ValueError(f"Aucun contour de commune dans {source} (fichiers communes-*.geojson attendus).")
    payload = json.dumps({"precision": PRECISION, "communes": communes}, separators=(",", ":"))
    (destination / CONTOURS_FILE).write_bytes(gzip.compress(payload.encode(), mtime=0))
    return len(communes)


@cache
def commune_rings() -> dict[str, list[list[int]]]:
    """Encoded rings by 2018 INSEE code; empty when the snapshot ships no outlines."""
    path = SNAPSHOT_DIR / CONTOURS_FILE
    if not path.exists():
        return {}
    return json.loads(gzip.decompress(path.read_bytes()))["communes"]
