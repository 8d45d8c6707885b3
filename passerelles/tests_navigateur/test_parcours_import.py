import re

import pytest
from playwright.sync_api import expect

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser

SPREADSHEET = (
    "Nom;Prénom;Courriel;Collectivité\n"
    "Dupont;Jeanne;jeanne@example.org;Ville de Bourges\n"
    "Durand;Léa;lea@example.org;Vineuil\n"
)


def test_importing_a_spreadsheet_from_upload_to_the_contact_list(page, live_server, demo_account, tmp_path):
    path = tmp_path / "contacts-2025.csv"
    path.write_bytes(SPREADSHEET.encode("cp1252"))
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/contacts/import/")
    page.get_by_label("Tableur (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page.get_by_role("heading", name="Colonnes de « contacts-2025.csv »")).to_be_visible()
    expect(page.get_by_label("Collectivité")).to_have_value("collectivite")
    page.get_by_role("button", name="Vérifier l'import").click()

    # Vineuil is a commune of the Indre and of the Loir-et-Cher: the user must choose.
    expect(page.get_by_text("« Vineuil » : laquelle ?")).to_be_visible()
    choice = page.get_by_label("« Vineuil » : laquelle ?")
    choice.select_option(choice.locator("option", has_text="Vineuil (41)").get_attribute("value"))
    page.get_by_role("button", name="Importer 2 contacts").click()

    expect(page.get_by_role("heading", name=re.compile("terminé"))).to_be_visible()
    page.get_by_role("link", name="Voir les contacts").click()
    expect(page.get_by_role("link", name="Jeanne Dupont")).to_be_visible()
    expect(page.get_by_role("link", name="Bourges")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Léa Durand")).get_by_text("(41)")).to_be_visible()


def test_the_rows_to_look_at_are_paged_on_a_phone_and_choices_survive_the_pages(
    browser, live_server, demo_account, tmp_path
):
    rows = "".join(f"Martin{n};Paul;faux{n};Bourges\n" for n in range(149))
    path = tmp_path / "salon.csv"
    path.write_text("Nom;Prénom;Courriel;Collectivité\nDurand;Léa;lea@example.org;Vineuil\n" + rows)
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/contacts/import/")
    page.get_by_label("Tableur (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("button", name="Vérifier l'import").click()

    expect(page.get_by_text("Lignes 1 à 100 sur 150")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    choice = page.get_by_label("« Vineuil » : laquelle ?")
    choice.select_option(choice.locator("option", has_text="Vineuil (41)").get_attribute("value"))
    page.get_by_role("button", name="Enregistrer et page suivante →").click()

    expect(page.get_by_text("Lignes 101 à 150 sur 150")).to_be_visible()
    expect(page.get_by_text("courriel invalide ignoré : faux148")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="← Enregistrer et page précédente").click()
    selected = page.get_by_label("« Vineuil » : laquelle ?").locator("option:checked")
    expect(selected).to_have_text(re.compile(r"Vineuil \(41\)"))
    context.close()
