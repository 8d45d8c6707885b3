"""Server-rendered SVG maps: communes filled by class inside their départements' outlines."""

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .contours import commune_rings, decode
from .sources import SNAPSHOT_DIR

# In viewBox units: whole units are half-pixels of a map shown 640 px wide, so that paths
# are written as short integer steps.
WIDTH = 1280
MARGIN = 20


@dataclass(frozen=True)
class Zone:
    """A collectivité drawn on the map: its 2018 outlines (its own code and those of the
    communes it absorbed since), a CSS class for its colour, a tooltip and a link."""

    formes: tuple[str, ...]
    classe: str
    titre: str
    lien: str


@dataclass(frozen=True)
class Carte:
    largeur: int
    hauteur: int
    contours: list[tuple[str, str, str]]  # (code, nom, SVG path) of the départements
    zones: list[tuple[str, Zone]]  # (SVG path, zone) of what is drawn

    def svg(self, *, titre_id: str, description: str) -> SafeString:
        """The map as inline SVG markup, built here: a template loop over thousands of
        shapes costs more than the rest of the page. Each commune is a link, kept out of the
        tab order: the legend and the tables below reach the same pages by keyboard. The
        standard library's escape: Django's lazy-aware one costs a third of the page here."""
        parts = [
            f'<svg class="carte-svg" viewBox="0 0 {self.largeur} {self.hauteur}" role="group" '
            f'aria-labelledby="{titre_id}" aria-describedby="{titre_id}-desc">',
            f'<desc id="{titre_id}-desc">{escape(description)}</desc>',
        ]
        parts.extend(
            f'<a href="{escape(zone.lien)}" tabindex="-1" aria-label="{escape(zone.titre)}">'
            f'<path d="{path}" class="zone {zone.classe}"><title>{escape(zone.titre)}</title></path></a>'
            for path, zone in self.zones
        )
        parts.extend(
            f'<path d="{path}" class="contour-departement"><title>{escape(name)} ({code})</title></path>'
            for code, name, path in self.contours
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


@dataclass(frozen=True)
class _Projection:
    largeur: int
    hauteur: int
    departements: list[tuple[str, str, str]]
    communes: dict[str, str]  # 2018 INSEE code -> SVG path


@cache
def _projection(departements: tuple[str, ...]) -> _Projection | None:
    """The départements' outlines and their communes' outlines projected once per set of
    départements: the shapes never change between two requests, only their colours do."""
    shapes = {code: _shapes()[code] for code in departements if code in _shapes()}
    coordinates = [(lon, lat) for _, rings in shapes.values() for ring in rings for lon, lat in ring]
    if not coordinates:
        return None
    west, east = min(c[0] for c in coordinates), max(c[0] for c in coordinates)
    south, north = min(c[1] for c in coordinates), max(c[1] for c in coordinates)
    # An equirectangular projection at the map's mean latitude: faithful enough at this scale.
    shrink = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * shrink, 1e-6), max(north - south, 1e-6)
    scale = (WIDTH - 2 * MARGIN) / span_x

    def path(ring) -> str:
        """Absolute first point, then relative steps; repeated points are dropped."""
        steps, previous = [], None
        for lon, lat in ring:
            point = (round(MARGIN + (lon - west) * shrink * scale), round(MARGIN + (north - lat) * scale))
            if previous is None:
                steps.append(f"M{point[0]},{point[1]}l")
            elif point != previous:
                steps.append(f"{point[0] - previous[0]},{point[1] - previous[1]}")
            previous = point
        return " ".join(steps) + "z"

    prefixes = tuple(departements)
    communes = {
        code: " ".join(path(decode(ring)) for ring in rings)
        for code, rings in commune_rings().items()
        if code.startswith(prefixes)
    }
    outlines = [
        (code, name, " ".join(path(ring) for ring in rings)) for code, (name, rings) in sorted(shapes.items())
    ]
    return _Projection(WIDTH, round(span_y * scale + 2 * MARGIN), outlines, communes)


def carte(departements: list[str], zones: list[Zone]) -> tuple[Carte, list[Zone]] | None:
    """A map of these départements with the zones that have outlines; also returns the
    zones left out (no outline in the 2018 geography), so that legends count only what
    is drawn."""
    projection = _projection(tuple(sorted(departements)))
    if projection is None:
        return None
    drawn, missing = [], []
    for zone in zones:
        paths = [projection.communes[code] for code in zone.formes if code in projection.communes]
        if paths:
            drawn.append((" ".join(paths), zone))
        else:
            missing.append(zone)
    return Carte(projection.largeur, projection.hauteur, projection.departements, drawn), missing
