"""A dossier from the lead to the decision, in a real Chromium with a real SMTP server on
loopback: from Nérondes' page, « Préparer un dossier » for « Clés en main »; a document joined;
a meeting logged with its hours; the deadline reminder sent by the worker; « déposé », then
« retenu » with the amount granted; Nérondes engaged, with the dossier as evidence; and the
year's bilan, on its page, in PDF and in DOCX, counting the dossier and its effet levier."""

import datetime
import re
import subprocess

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)
from passerelles.leviers.catalogue import catalogue_load

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser

EAPD_PDF = b"%PDF-1.4\n% declaration e-APD de Nerondes (demonstration)\n"


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def move(page, etat: str, motif: str):
    page.get_by_label("Raison").fill(motif)
    page.get_by_role("button", name=etat, exact=True).click()
    expect(page.get_by_text("État enregistré.")).to_be_visible()


def test_a_dossier_goes_from_nerondes_page_to_a_grant_and_engages_the_commune(
    page,
    live_server,
    demo_account,
    serveur_smtp,  # noqa: F811
    tmp_path,
):
    catalogue_load()  # live-server tests flush the database, shipped data included
    claire = get_user_model().objects.get(username=demo_account["username"])
    claire.first_name, claire.last_name, claire.email = "Claire", "Martin (démo)", "claire@centraider.example"
    claire.save()
    log_in(page, live_server, demo_account)

    page.goto(f"{live_server.url}/territoires/commune/18160/")
    page.locator("#leviers").get_by_role(
        "link", name=re.compile(r"Préparer un dossier : « Clés en main »")
    ).click()
    expect(page.get_by_role("heading", name="Préparer un dossier — Nérondes")).to_be_visible()
    expect(page.get_by_text("Règle qui l'a produit")).to_be_visible()
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    page.get_by_label("Échéance").fill(deadline.isoformat())
    page.get_by_label("Montant demandé (€)").fill("12 000")
    page.get_by_role("button", name="Préparer le dossier").click()
    expect(page.get_by_text("Dossier préparé.")).to_be_visible()
    expect(page.locator("#prochaine-echeance")).to_contain_text("Échéance du dossier")
    expect(page.get_by_text("Page de la collectivité")).to_be_visible()  # where the lead came from

    # The documents usually asked for, as a checklist.
    pieces = page.locator("#pieces")
    expect(pieces.get_by_text("à fournir")).to_have_count(1)
    document = tmp_path / "declaration-e-apd-nerondes.pdf"
    document.write_bytes(EAPD_PDF)
    pieces.get_by_label("Document").set_input_files(document)
    pieces.get_by_label("Il fournit").select_option("Déclaration e-APD de chaque collectivité membre")
    pieces.get_by_role("button", name="Ajouter la pièce").click()
    expect(page.get_by_text("Pièce ajoutée au dossier.")).to_be_visible()
    expect(pieces.get_by_text("fournie", exact=True)).to_be_visible()
    expect(pieces.get_by_role("link", name="declaration-e-apd-nerondes.pdf")).to_be_visible()

    # The accompaniment log: a meeting and its hours.
    page.get_by_label("Type").select_option("rencontre")
    page.get_by_label("Heures passées").fill("2,5")
    page.get_by_label("Note").fill("Rencontre en mairie avec le maire et la secrétaire de mairie.")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_role("heading", name="Accompagnement — 2,5\u00a0h")).to_be_visible()

    # The worker reminds Claire of the deadline, once, whatever its restarts.
    run_worker()
    run_worker()
    reminders = [m for m in serveur_smtp.recus if m["To"] == "claire@centraider.example"]
    assert len(reminders) == 1
    assert "Nérondes" in reminders[0]["Subject"] and "Échéance du dossier" in reminders[0]["Subject"]
    body = reminders[0].get_body(preferencelist=("plain",)).get_content()
    assert "dans 5\u00a0jours" in body and "/accompagnement/" in body

    move(page, "En montage", "Programme monté avec l'association porteuse")
    move(page, "Déposé", "Déposé auprès de la DCTCIV")
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("Montant accordé (€)").fill("9 500")
    page.get_by_label("Part de la collectivité (€)").fill("2 500")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Dossier enregistré.")).to_be_visible()
    move(page, "Retenu", "Programme retenu par la DCTCIV")
    expect(page.get_by_text("9\u202f500\u00a0€")).to_be_visible()

    page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name="Nérondes").click()
    mobilisation = page.locator("#mobilisation")
    expect(mobilisation.get_by_label("Étape de mobilisation")).to_have_value("engagee")
    mobilisation.get_by_text("Historique des étapes").click()
    expect(
        mobilisation.get_by_text(re.compile(r"→ Engagée observé : dossier déposé — dossier retenu"))
    ).to_be_visible()

    see_it_in_the_bilan(page, live_server, tmp_path)


def see_it_in_the_bilan(page, live_server, tmp_path):
    """9 500 € granted for 2 500 € of Nérondes' own: 3,8 € from outside for each euro."""
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/bilan/?annee={year}")
    accompagnement = page.locator("#mission-accompagnement")
    expect(accompagnement).to_contain_text("Clés en main")
    expect(accompagnement).to_contain_text("9\u202f500\u00a0€")
    expect(accompagnement).to_contain_text("3,8")

    pdf = page.request.get(f"{live_server.url}/bilan/?annee={year}&format=pdf")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    (tmp_path / "bilan.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bilan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Clés en main" in text and "3,8" in text

    with page.expect_download() as download:
        page.click("#bilan-docx")
    document = docx.Document(str(download.value.path()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Clés en main" in cell for cell in cells) and any("3,8" in cell for cell in cells)
