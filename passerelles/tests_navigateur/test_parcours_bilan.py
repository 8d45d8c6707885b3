"""The director's yearly bilan in Chromium: the demo year's page fits a phone and a tablet and
passes axe, the objectives are set through the form, a coordination action is added, and the
PDF and DOCX come down."""

import pytest
from django.utils import timezone

from conftest import reference_data
from passerelles.demo.reseau import DEMO_USERNAME, demo_load
from passerelles.tests_navigateur.test_ecrans import AXE, WIDTHS, log_in, page_faults

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    reference_data()
    demo_load()
    return {"username": DEMO_USERNAME, "password": "demo"}


@pytest.mark.parametrize("largeur", [WIDTHS["téléphone"], WIDTHS["tablette"]], ids=["390", "768"])
def test_the_bilan_pages_fit_the_screen_and_pass_axe(browser, live_server, demo, largeur):
    assert AXE.is_file(), "axe-core absent : make install-test (paquet axe-playwright-python)."
    year = timezone.localdate().year
    context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, demo)
        paths = [
            "/bilan/",
            f"/bilan/objectifs/{year}/",
            "/bilan/coordination/",
            "/bilan/coordination/nouvelle/",
        ]
        faults = {path: page_faults(page, f"{live_server.url}{path}") for path in paths}
    finally:
        context.close()
    faulty = {path: found for path, found in faults.items() if found}
    assert not faulty, "\n".join(f"{path} : {' ; '.join(found)}" for path, found in faulty.items())


def test_the_director_sets_objectives_adds_an_action_and_downloads_the_bilan(browser, live_server, demo):
    year = timezone.localdate().year
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, demo)
        page.goto(f"{live_server.url}/ateliers/bilan/")  # the old address still leads there
        page.wait_for_url(f"{live_server.url}/bilan/")
        assert page.locator("h1").inner_text() == f"Bilan d'activité {year}"
        page.click("#bilan-objectifs")
        page.get_by_label("Fiches de capitalisation rédigées").fill("4")
        page.click("#enregistrer-objectifs")
        assert page.locator("#chiffre-fiches .objectif").first.inner_text() == "4"
        page.goto(f"{live_server.url}/bilan/coordination/nouvelle/")
        page.get_by_label("Titre").fill("Rencontre régionale des collectivités engagées")
        page.get_by_label("Nature").select_option("rencontre")
        page.get_by_label("Année").fill(str(year))
        page.get_by_label("Participants").fill("35")
        page.click("#enregistrer-action")
        page.goto(f"{live_server.url}/bilan/")
        assert (
            "Rencontre régionale des collectivités engagées"
            in page.locator("#mission-coordination").inner_text()
        )
        pdf = page.request.get(f"{live_server.url}/bilan/?annee={year}&format=pdf")
        assert pdf.ok and pdf.body()[:4] == b"%PDF"
        with page.expect_download() as download:
            page.click("#bilan-docx")
        assert download.value.suggested_filename == f"bilan-{year}.docx"
    finally:
        context.close()
