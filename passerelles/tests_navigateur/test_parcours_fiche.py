import re

import pytest
from playwright.sync_api import expect

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser

TEXT = """Atelier mobilité et jumelages

Pratique déployée par
Réseau de test

Limites
» Peu de communes rurales présentes.

Principaux enseignements
> Partir des jumelages existants pour parler de mobilité des jeunes.
"""


def test_a_fiche_is_pasted_reviewed_saved_found_and_exported(page, live_server, demo_account):
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/capitalisation/importer/")
    page.get_by_label("Texte de la fiche").fill(TEXT)
    page.get_by_role("button", name="Découper").click()

    expect(page.get_by_label("Section du bloc 1")).to_have_value("titre")
    page.get_by_label("Section du bloc 3").select_option("leviers")  # move the limits to the levers
    page.get_by_role("button", name="Enregistrer la fiche").click()

    expect(page.get_by_role("heading", name=re.compile("Modifier « Atelier mobilité"))).to_be_visible()
    expect(page.get_by_label("Leviers d'action")).to_have_value("- Peu de communes rurales présentes.")
    page.get_by_role("button", name="Enregistrer").click()

    page.goto(f"{live_server.url}/capitalisation/?q=jumelage+jeunes")
    expect(page.get_by_role("link", name="Atelier mobilité et jumelages")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name="Atelier mobilité et jumelages").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
