"""The planning pages in a real Chromium: the aid refreshes as the entry point changes, the
programme is reordered in place, and every page fits a phone and a tablet."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.leviers.catalogue import catalogue_load
from passerelles.leviers.models import PointEntree, Segment

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def account(demo_account):
    if not PointEntree.objects.exists():  # live-server tests flush the catalogue too
        catalogue_load()
    from passerelles.core.models import Reseau

    Segment.objects.create(
        reseau=Reseau.objects.get(slug="centraider"),
        nom="Petites communes rurales du Cher",
        filtres={"departement": "18", "type": "commune", "population": "moins-500", "ruralite": "rural"},
    )
    return demo_account


# The main content only: the shared header's navigation belongs to the base template.
WIDEST = """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
  Math.round(e.getBoundingClientRect().right))"""


def fits(tab) -> bool:
    return not tab.evaluate(WIDEST)


def test_an_atelier_is_planned_with_its_aid_and_programme(page, live_server, account):
    log_in(page, live_server, account)
    page.goto(f"{live_server.url}/ateliers/nouveau/")
    page.get_by_label("Titre").fill("L'international, pourquoi pas nous ?")
    page.get_by_label("Petites communes rurales du Cher").check()
    aide = page.locator("#aide")
    expect(aide.get_by_text("Segment « Petites communes rurales du Cher »")).to_be_visible()
    page.get_by_label("Point d'entrée").select_option(label="Coopération décentralisée (AECT)")
    expect(aide.get_by_role("heading", name="Angle : Coopération décentralisée (AECT)")).to_be_visible()
    page.locator("#id_date").fill("2027-03-16")
    page.get_by_role("button", name="Enregistrer l'atelier").click()
    expect(page.get_by_role("heading", name="L'international, pourquoi pas nous ?")).to_be_visible()
    expect(page.locator("#aide").get_by_text("Angle : Coopération décentralisée (AECT)")).to_be_visible()

    page.get_by_role("link", name="Programme", exact=True).click()
    for titre, debut, fin in (("Accueil", "09:30", "09:45"), ("Témoignages", "09:45", "10:45")):
        page.locator("#id_titre").fill(titre)
        page.locator("#id_debut").fill(debut)
        page.locator("#id_fin").fill(fin)
        page.get_by_role("button", name="Enregistrer la séquence").click()
        expect(page.locator("#programme").get_by_text(titre, exact=True)).to_be_visible()
    page.get_by_role("button", name="Monter « Témoignages »").click()
    expect(page.locator("#programme strong").first).to_have_text("Témoignages")
    page.reload()
    expect(page.locator("#programme strong").first).to_have_text("Témoignages")

    detail = re.sub(r"programme/$", "", page.url)
    for width, height in ((390, 844), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        for url in ("/ateliers/", "/ateliers/nouveau/", detail, detail + "programme/", detail + "modifier/"):
            page.goto(url if url.startswith("http") else live_server.url + url, wait_until="networkidle")
            assert fits(page), (f"{url} défile horizontalement à {width} px", page.evaluate(WIDEST))
