"""Check-in on a tablet (768 px) while the hall's Wi-Fi is down: ticks and walk-ins wait in
the browser, then reach the server exactly once; two tablets at once converge, the most
recent action winning. And the QR code of a confirmation received by email, shown to the
tablet's camera (Chromium's fake camera, fed a video of that very image)."""

# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
import datetime
import io
import re

import pytest
import zxingcpp
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import ActionPointage, Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.models import Reseau
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)

from .conftest import CHROMIUM_ARGS, chromium_path
from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser
TABLET = {"width": 768, "height": 1024}
NOMS = ["Arnaud", "Blanc", "Carpentier", "Dumas", "Étienne", "Fabre", "Girard", "Hubert", "Imbert", "Joly"]
NOMS += ["Klein", "Lemoine"]


@pytest.fixture
def atelier(demo_account):
    reseau = Reseau.objects.get(slug="centraider")
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate(),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )
    for nom in NOMS:
        Inscription.objects.create(
            reseau=reseau, atelier=atelier, prenom="Alex", nom=nom, structure="Jumelage du Cher (fictif)"
        )
    return atelier


def tablet(browser, live_server, demo_account, atelier):
    context = browser.new_context(locale="fr-FR", viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, demo_account)
    with page.expect_response(lambda response: response.url.endswith("/liste.json")):
        page.goto(f"{live_server.url}/ateliers/{atelier.pk}/accueil/")
    # The service worker has kept the page and its files before the network drops.
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    return page


def tick(page, nom, present=True):
    page.get_by_label("Rechercher une personne").fill(nom)
    label = f"Marquer Alex {nom} présent·e" if present else f"Retirer la présence de Alex {nom}"
    page.get_by_role("button", name=label).click()


def walk_in(page, prenom, nom):
    page.get_by_text("Ajouter une personne venue sans inscription").click()
    form = page.locator(".accueil-sur-place")
    form.get_by_label("Prénom").fill(prenom)
    form.get_by_label(re.compile(r"^Nom")).fill(nom)
    form.get_by_label("Ou votre structure").fill("Association fictive")
    form.get_by_role("button", name="Ajouter et marquer présent·e").click()


def status(page):
    return page.locator("#pointage-etat")


def test_ten_ticks_and_two_walk_ins_made_offline_reach_the_server_once(
    browser, live_server, demo_account, atelier
):
    page = tablet(browser, live_server, demo_account, atelier)
    page.context.set_offline(True)
    for nom in NOMS[:10]:
        tick(page, nom)
    walk_in(page, "Lou", "Roux")
    walk_in(page, "Sam", "Faure")

    expect(status(page)).to_contain_text("12 actions en attente de synchronisation")
    page.get_by_label("Rechercher une personne").fill("")
    expect(page.locator(".accueil-ligne", has_text="en attente de synchronisation")).to_have_count(12)
    expect(page.locator("#compteurs")).to_contain_text("12présents")
    assert not Inscription.objects.filter(atelier=atelier, present=True).exists()
    # The page opens again without a network, with its list and its queue.
    assert page.reload().from_service_worker
    expect(page.get_by_role("heading", name="Accueil des participants")).to_be_visible()
    expect(status(page)).to_contain_text("Hors connexion")
    expect(status(page)).to_contain_text("12 actions en attente de synchronisation")
    expect(page.locator(".accueil-ligne", has_text="en attente de synchronisation")).to_have_count(12)

    page.context.set_offline(False)
    expect(status(page)).not_to_contain_text("en attente", timeout=15_000)
    expect(page.locator(".accueil-ligne", has_text="en attente de synchronisation")).to_have_count(0)
    present = Inscription.objects.filter(atelier=atelier, present=True)
    assert sorted(present.values_list("nom", flat=True)) == sorted(NOMS[:10] + ["Roux", "Faure"])
    assert Inscription.objects.filter(atelier=atelier, source="sur_place").count() == 2
    assert ActionPointage.objects.filter(atelier=atelier).count() == 12
    page.context.close()


def test_logging_out_leaves_no_list_of_people_on_the_tablet(browser, live_server, demo_account, atelier):
    page = tablet(browser, live_server, demo_account, atelier)
    stored = "async () => (await indexedDB.databases()).map(d => d.name)"
    assert "passerelles-accueil" in page.evaluate(stored)
    assert page.evaluate("async () => (await caches.keys()).length") > 0
    page.goto(f"{live_server.url}/")  # the check-in page itself is all list, no menu
    page.locator("header details > summary").click()  # the menu is folded on a tablet
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert "passerelles-accueil" not in page.evaluate(stored)
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    page.context.close()


def test_a_walk_in_the_server_cannot_take_is_named_with_the_reason_in_french(
    browser, live_server, demo_account, atelier
):
    page = tablet(browser, live_server, demo_account, atelier)
    page.context.set_offline(True)
    page.get_by_text("Ajouter une personne venue sans inscription").click()
    form = page.locator(".accueil-sur-place")
    form.get_by_label("Prénom").fill("Lou")
    form.get_by_label(re.compile(r"^Nom")).fill("Roux")
    form.get_by_label("Collectivité").fill("Zzyzx-sur-Rien")
    form.get_by_role("button", name="Ajouter et marquer présent·e").click()
    expect(status(page)).to_contain_text("1 action en attente de synchronisation")

    page.context.set_offline(False)
    expect(status(page)).to_contain_text("Lou Roux n'a pas pu être ajouté·e : ", timeout=15_000)
    expect(status(page)).not_to_contain_text("en attente")
    assert not Inscription.objects.filter(atelier=atelier, nom="Roux").exists()
    page.context.close()


def test_two_tablets_offline_at_once_converge_and_the_later_one_says_what_was_merged(
    browser, live_server, demo_account, atelier
):
    first = tablet(browser, live_server, demo_account, atelier)
    second = tablet(browser, live_server, demo_account, atelier)
    first.context.set_offline(True)
    second.context.set_offline(True)
    tick(second, "Joly")  # the oldest action on Joly: the first tablet's untick comes after
    for nom in NOMS[:5]:
        tick(first, nom)
    tick(first, "Joly")
    tick(first, "Joly", present=False)
    walk_in(first, "Lou", "Roux")
    for nom in NOMS[4:9]:  # Étienne is ticked on both tablets
        tick(second, nom)
    walk_in(second, "Sam", "Faure")

    first.context.set_offline(False)
    expect(status(first)).not_to_contain_text("en attente", timeout=15_000)
    second.context.set_offline(False)
    expect(status(second)).to_contain_text("1 action fusionnée", timeout=15_000)
    expect(status(second)).not_to_contain_text("en attente")

    present = sorted(Inscription.objects.filter(atelier=atelier, present=True).values_list("nom", flat=True))
    assert present == sorted(NOMS[:9] + ["Roux", "Faure"])
    assert Inscription.objects.filter(atelier=atelier, source="sur_place").count() == 2
    assert ActionPointage.objects.filter(atelier=atelier).count() == 15
    for page in (first, second):  # each tablet shows the server's state (the first at its next refresh)
        page.get_by_label("Rechercher une personne").fill("")
        expect(page.locator("#compteurs")).to_contain_text("11présents", timeout=20_000)
        page.get_by_label("Rechercher une personne").fill("joly")
        expect(page.get_by_role("button", name="Marquer Alex Joly présent·e")).to_be_visible()
    first.context.close()
    second.context.close()


def y4m_of(png: bytes, path) -> None:
    """A short video of the QR code on a white page, as Chromium's fake camera reads it."""
    code = Image.open(io.BytesIO(png)).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (640 * 480 // 4)
    with open(path, "wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def test_the_qr_code_of_a_received_confirmation_is_scanned_by_the_tablets_camera(
    browser, live_server, demo_account, atelier, serveur_smtp, tmp_path
):
    personne = Personne(
        nom="Dupré", prenom="Hélène", email="helene.dupre@exemple.fr", structure="Jumelage (fictif)"
    )
    with transaction.atomic():
        inscription, _ = services.inscription_register(
            atelier=atelier, personne=personne, site_url=live_server.url
        )
    call_command("worker", batch=True, interval=0, verbosity=0)
    [received] = [m for m in serveur_smtp.recus if m["To"] == "helene.dupre@exemple.fr"]
    [qr] = [part for part in received.walk() if part.get_content_type() == "image/png"]
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.get_content())))] == [
        inscription.jeton_accueil
    ]
    y4m_of(qr.get_content(), tmp_path / "qr.y4m")

    # A browser of its own, launched beside the session's, whose camera films that image.
    camera = [
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={tmp_path / 'qr.y4m'}",
    ]
    filming = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS + camera)
    page = tablet(filming, live_server, demo_account, atelier)
    page.context.grant_permissions(["camera"])
    # The camera is not asked for until « Scanner » is pressed.
    assert page.evaluate("document.getElementById('scan-video').srcObject === null")
    page.get_by_role("button", name="Scanner un code QR").click()
    expect(page.locator("#scan-resultat")).to_contain_text(
        "Hélène Dupré (Jumelage (fictif)) est pointé·e présent·e"
    )
    expect(page.get_by_role("button", name="Scanner un code QR")).to_be_visible()  # camera released
    assert page.evaluate("document.getElementById('scan-video').srcObject.active") is False
    expect(status(page)).not_to_contain_text("en attente")
    # The code printed in the email's text finds the person when typed.
    page.get_by_label("Rechercher une personne").fill(inscription.code_accueil)
    expect(page.locator(".accueil-ligne")).to_have_count(1)
    expect(page.locator(".accueil-ligne")).to_contain_text("Hélène Dupré")
    filming.close()
    inscription.refresh_from_db()
    assert inscription.present
