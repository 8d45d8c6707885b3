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

    page.locator("summary", has_text="Limites").click()  # sections are folded
    expect(page.get_by_label("Section du bloc 3")).to_have_value("limites")
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


def test_the_seed_is_reviewed_and_corrected_on_a_phone(page, live_server, demo_account):
    from passerelles.capitalisation.tests.test_import_fiche import seed_text

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/capitalisation/importer/")
    page.get_by_label("Texte de la fiche").fill(seed_text())
    page.get_by_role("button", name="Découper").click()

    page.locator("summary", has_text="Limites").click()
    review = page.locator("form.revue-import")
    assert review.evaluate("form => form.getBoundingClientRect().right <= window.innerWidth")
    assert review.evaluate("form => form.scrollWidth <= form.clientWidth")
    section = page.locator("details", has=page.locator("summary", has_text="Limites"))
    limites = section.locator("textarea").first
    limites.fill("Outre la faible participation, les collectivités venues étaient déjà convaincues.")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.get_by_label("Limites")).to_have_value(
        re.compile("^Outre la faible participation, les collectivités")
    )
