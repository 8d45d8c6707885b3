"""The advice, the catalogue and the segment builder fit a phone and a tablet."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.leviers.catalogue import catalogue_load

pytestmark = pytest.mark.browser

# The page's own part: the site's menu and the commune's identity card belong to other
# capabilities (their width at 390 px is the base layout's concern); the advice panel must not
# widen anything itself.
PAGES = (
    ("/territoires/commune/18160/", "#leviers"),
    ("/leviers/catalogue/", "main"),
    ("/leviers/segments/nouveau/?departement=18&ruralite=rural&synthese=1", "main"),
)
OVERFLOW = """selector => {
  const part = document.querySelector(selector);
  const inside = part.scrollWidth - part.clientWidth;
  const beyond = part.getBoundingClientRect().right - window.innerWidth;
  return selector === "main" ? Math.max(inside, beyond) : inside;
}"""


def log_in(page, live_server, account):
    page.goto(f"{live_server.url}/leviers/catalogue/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next="))
    page.get_by_label("Identifiant").fill(account["username"])
    page.get_by_label("Mot de passe").fill(account["password"])
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Catalogue des leviers")).to_be_visible()


@pytest.mark.parametrize("width", [390, 768])
def test_the_leviers_pages_have_no_horizontal_scrolling(page, live_server, demo_account, width):
    catalogue_load()  # live-server tests flush the database, shipped data included
    log_in(page, live_server, demo_account)
    page.set_viewport_size({"width": width, "height": 900})
    for path, part in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(OVERFLOW, part) <= 1, (path, width)
    expect(page.get_by_text("Financements : par quelle voie ces collectivités y accèdent")).to_be_visible()
