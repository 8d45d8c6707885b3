"""Server-rendered SVG maps: département outlines from the snapshot, points from coordinates."""

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .sources import SNAPSHOT_DIR

WIDTH = 640


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    couleur: str
    titre: str
    rayon: float = 2.2


@dataclass(frozen=True)
class Carte:
    largeur: int
    hauteur: int
    contours: list[tuple[str, str, str]]  # (code, nom, SVG path)
    points: list[tuple[float, float, Point]]  # (x, y, point)

    def svg(self, *, titre_id: str, description: str) -> SafeString:
        """The map as inline SVG markup, built here: a template loop over thousands of
        points costs more than the rest of the page."""
        parts = [
            f'<svg class="carte-svg" viewBox="0 0 {self.largeur} {self.hauteur}" role="img" '
            f'aria-labelledby="{titre_id} {titre_id}-desc">',
            f'<desc id="{titre_id}-desc">{escape(description)}</desc>',
        ]
        parts.extend(
            f'<path d="{path}" class="contour"><title>{escape(name)} ({code})</title></path>'
            for code, name, path in self.contours
        )
        parts.extend(
            f'<circle cx="{x}" cy="{y}" r="{point.rayon}" fill="{point.couleur}">'
            f"<title>{escape(point.titre)}</title></circle>"
            for x, y, point in self.points
        )
        parts.append("</svg>")
        return mark_safe("".join(parts))


@cache
def _shapes() -> dict[str, tuple[str, list[list[tuple[float, float]]]]]:
    path = SNAPSHOT_DIR / "departements.geojson.gz"
    if not path.exists():
        return {}
    collection = json.loads(gzip.decompress(path.read_bytes()))
    shapes = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = [[(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]
        shapes[feature["properties"]["code"]] = (feature["properties"]["nom"], rings)
    return shapes


def carte(departements: list[str], points: list[Point]) -> Carte | None:
    """A map of these départements (outlines when known) with the points on it."""
    shapes = {code: _shapes()[code] for code in departements if code in _shapes()}
    coordinates = [(lon, lat) for _, rings in shapes.values() for ring in rings for lon, lat in ring]
    coordinates += [(p.longitude, p.latitude) for p in points]
    if not coordinates:
        return None
    west, east = min(c[0] for c in coordinates), max(c[0] for c in coordinates)
    south, north = min(c[1] for c in coordinates), max(c[1] for c in coordinates)
    # An equirectangular projection at the map's mean latitude: faithful enough at this scale.
    shrink = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * shrink, 1e-6), max(north - south, 1e-6)
    scale = (WIDTH - 20) / span_x
    height = round(span_y * scale + 20)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round(10 + (lon - west) * shrink * scale, 1), round(10 + (north - lat) * scale, 1)

    def path(ring) -> str:
        return "M" + " L".join("{},{}".format(*project(lon, lat)) for lon, lat in ring) + " Z"

    outlines = [
        (code, name, " ".join(path(ring) for ring in rings)) for code, (name, rings) in sorted(shapes.items())
    ]
    placed = [(*project(p.longitude, p.latitude), p) for p in points]
    return Carte(largeur=WIDTH, hauteur=height, contours=outlines, points=placed)
