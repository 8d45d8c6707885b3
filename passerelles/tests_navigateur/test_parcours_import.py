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
