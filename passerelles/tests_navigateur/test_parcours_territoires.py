import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def log_in(page, live_server, account):
    page.goto(f"{live_server.url}/territoires/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next="))
    page.get_by_label("Identifiant").fill(account["username"])
    page.get_by_label("Mot de passe").fill(account["password"])
    page.get_by_role("button", name="Se connecter").click()


def test_from_login_to_a_member_commune_through_search(page, live_server, demo_account):
    log_in(page, live_server, demo_account)
    expect(page.get_by_role("heading", name="Territoires")).to_be_visible()

    page.get_by_label("Nom, code INSEE, SIREN ou code postal").fill("nerondes")
    results = page.locator("#resultats")
    expect(results.get_by_role("link", name="CC Pays de Nérondes")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=nerondes"))

    results.get_by_role("link", name="CC Pays de Nérondes").click()
    expect(page.get_by_role("heading", name="Communes membres (12)")).to_be_visible()
    expect(page.get_by_text("4\u202f773\u00a0hab.", exact=True)).to_be_visible()

    page.get_by_role("link", name="Blet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blet")
    expect(page.get_by_role("link", name="CC Pays de Nérondes").first).to_be_visible()


def test_the_list_follows_typing_from_the_third_letter_and_enter_searches_at_once(
    page, live_server, demo_account
):
    log_in(page, live_server, demo_account)
    search = page.get_by_label("Nom, code INSEE, SIREN ou code postal")
    results = page.locator("#resultats")

    search.press_sequentially("ne", delay=50)
    expect(results).to_contain_text("Encore une lettre")
    search.press_sequentially("r", delay=50)
    expect(results.get_by_role("link", name="Nérondes", exact=True)).to_be_visible()

    search.fill("ne")
    search.press("Enter")
    expect(results).to_contain_text("résultats")
    expect(results.get_by_role("link", name="Nérondes", exact=True)).to_be_visible()


def test_the_dashboard_is_reachable_by_keyboard(page, live_server, demo_account):
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    expect(page.get_by_role("heading", name="Par département")).to_be_visible()


def test_back_after_a_live_search_shows_the_whole_page(page, live_server, demo_account):
    log_in(page, live_server, demo_account)
    page.get_by_label("Nom, code INSEE, SIREN ou code postal").fill("nerondes")
    page.locator("#resultats").get_by_role("link", name="CC Pays de Nérondes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CC Pays de Nérondes")

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=nerondes"))
    expect(page.get_by_role("heading", name="Territoires")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_attached()
