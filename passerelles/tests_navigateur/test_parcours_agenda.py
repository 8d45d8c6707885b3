"""What an organiser takes away and what the public sees, in a real Chromium: the registrants'
spreadsheet downloaded from the registrations page and opened with openpyxl, the badges from
the check-in page; the réseau's agenda on a phone with its feed validated; its framed version
shown in the réseau's own website and refused in any other."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from passerelles.ateliers.inscriptions.models import Inscription, Qualite
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.models import Reseau
from passerelles.territoires.models import Collectivite

from .test_ecrans import serious_violations
from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser
TITRE = "Nourrir son territoire, ici et là-bas"
SITE_DU_RESEAU = "https://www.centraider.example"
AUTRE_SITE = "https://ailleurs.example"
# The agenda as the réseau's website would reach it (over HTTPS), served by the live server.
AGENDA_HTTPS = "https://agenda.passerelles.example"


@pytest.fixture
def atelier(demo_account, settings, live_server):
    settings.SITE_URL = live_server.url  # the links the agenda gives lead to this server
    reseau = Reseau.objects.get(slug="centraider")
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=TITRE,
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
        lieu_nom="Salle des fêtes",
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18279"),
        capacite=30,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
        sur_agenda=True,
    )
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    for prenom, nom, qualite in [("Hélène", "Émery", Qualite.INTERVENANT), ("Paul", "Dupont", "participant")]:
        Inscription.objects.create(
            reseau=reseau,
            atelier=atelier,
            prenom=prenom,
            nom=nom,
            email=f"{nom.lower()}@exemple.fr",
            collectivite=nerondes,
            qualite=qualite,
            besoins="=1+1" if nom == "Dupont" else "",
        )
    return atelier


def test_the_registrants_spreadsheet_opens_in_openpyxl(page, live_server, demo_account, atelier, tmp_path):
    log_in(page, live_server, demo_account)
    expect(page).not_to_have_url(re.compile("/connexion/"))
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/inscriptions/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter (Excel)").click()
    expected = f"inscrits-nourrir-son-territoire-ici-et-la-bas-{atelier.date:%Y-%m-%d}.xlsx"
    assert download.value.suggested_filename == expected
    download.value.save_as(tmp_path / expected)
    sheet = load_workbook(tmp_path / expected, read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    row_of = {row[header.index("Nom")]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(row_of) == ["Dupont", "Émery"]
    assert row_of["Émery"]["Qualité"] == "Intervenant·e" and row_of["Émery"]["Code officiel"] == "18160"
    assert row_of["Dupont"]["Besoins particuliers"] == "'=1+1"  # no formula reaches Excel

    # The check-in page offers the same lists, and badges 10 to a sheet.
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/accueil/")
    page.get_by_label("Badges", exact=True).select_option("10")
    # Chromium shows a PDF in its viewer: the file is read on its way to it.
    received = {}

    def keep(route):
        response = route.fetch()
        received.update(url=route.request.url, type=response.headers["content-type"], body=response.body())
        route.fulfill(response=response)

    page.route("**/inscriptions/badges/**", keep)
    page.get_by_role("button", name="Imprimer les badges (PDF)").click()
    page.wait_for_url(re.compile(r"/inscriptions/badges/\?par_feuille=10$"))
    assert received["type"] == "application/pdf"
    (text,) = [p.extract_text() for p in PdfReader(io.BytesIO(received["body"])).pages]
    assert text.index("DUPONT") < text.index("ÉMERY") and "INTERVENANT·E" in text.upper()


def test_the_agenda_on_a_phone_and_its_feed(browser, live_server, atelier):
    phone = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/agenda/centraider/")
        expect(page.get_by_role("heading", name="Les prochains ateliers")).to_be_visible()
        expect(page.get_by_role("heading", name=TITRE)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert serious_violations(page) == []
        assert "Émery" not in page.content() and "Dupont" not in page.content()

        feed = page.request.get(f"{live_server.url}/agenda/centraider/ateliers.ics")
        calendar = Calendar.from_ical(feed.body())
        assert [zone["tzid"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
        assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == [TITRE]

        page.get_by_role("link", name=re.compile("^S'inscrire")).tap()
        expect(page).to_have_url(f"{live_server.url}/ateliers/inscription/{atelier.jeton_public}/")
        expect(page.get_by_role("heading", name="Je m'inscris")).to_be_visible()
    finally:
        phone.close()


def framing_page(context, live_server, site: str) -> None:
    """`site` is a page that frames the agenda; the agenda's HTTPS address reaches the live server."""
    html = f'<h1>Site</h1><iframe src="{AGENDA_HTTPS}/agenda/centraider/integre/" title="Agenda"></iframe>'
    context.route(f"{site}/", lambda route: route.fulfill(body=html, content_type="text/html"))

    def agenda(route):
        path = route.request.url.removeprefix(AGENDA_HTTPS)
        route.fulfill(response=route.fetch(url=f"{live_server.url}{path}"))

    context.route(f"{AGENDA_HTTPS}/**", agenda)


@pytest.mark.parametrize(("site", "shown"), [(SITE_DU_RESEAU, True), (AUTRE_SITE, False)])
def test_the_framed_agenda_shows_only_in_the_reseaus_website(browser, live_server, atelier, site, shown):
    Reseau.objects.filter(slug="centraider").update(agenda_origines=SITE_DU_RESEAU)
    context = browser.new_context(locale="fr-FR", viewport={"width": 768, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        framing_page(context, live_server, site)
        page.goto(f"{site}/")
        title = page.frame_locator("iframe").get_by_role("heading", name=TITRE)
        if shown:
            expect(title).to_be_visible()
        else:
            page.wait_for_load_state("load")
            expect(title).to_have_count(0)
    finally:
        context.close()
