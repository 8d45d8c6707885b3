"""The compact commune outlines: simplified, but faithful to the source."""

import gzip
import json

from django.core.management import call_command

from passerelles.territoires.contours import CONTOURS_FILE, decode, simplify


def test_simplifying_keeps_the_corners_and_drops_points_on_a_straight_edge():
    square = [(0, 0), (5, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert simplify(square) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]


def test_the_refresh_command_writes_decodable_outlines(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    ring = [[2.0, 47.0], [2.0001, 47.0], [2.1, 47.0], [2.1, 47.1], [2.0, 47.1], [2.0, 47.0]]
    feature = {"type": "Feature", "properties": {"code": "18999", "nom": "Essai"}}
    feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    (source / "communes-18-cher.geojson").write_text(json.dumps({"features": [feature]}))

    call_command("refresh_contours", "--source", str(source), "--vers", str(tmp_path), verbosity=0)

    written = json.loads(gzip.decompress((tmp_path / CONTOURS_FILE).read_bytes()))
    [encoded] = written["communes"]["18999"]
    assert decode(encoded) == [(2.0, 47.0), (2.1, 47.0), (2.1, 47.1), (2.0, 47.1), (2.0, 47.0)]


def test_the_shipped_file_covers_every_metropolitan_departement():
    from passerelles.territoires.contours import commune_rings

    departements = {code[:2] for code in commune_rings()}
    assert len(commune_rings()) > 34_000
    assert {"01", "18", "2A", "2B", "95"} <= departements
