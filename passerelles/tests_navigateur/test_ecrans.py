"""Every main page at a phone's, a tablet's and a desktop's width: nothing runs off the screen,
the axe-core accessibility engine finds no serious or critical violation, and nothing inline
would be refused by the Content-Security-Policy."""

from importlib import resources

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import reference_data
from passerelles.accompagnement.models import Dossier
from passerelles.accompagnement.pieces import piece_add
from passerelles.ateliers.preparation.models import Atelier
from passerelles.bilan.models import ActionCoordination
from passerelles.capitalisation.models import Fiche
from passerelles.contacts.models import Contact, Role
from passerelles.core.journal import journal_record
from passerelles.demo.reseau import DEMO_USERNAME, demo_load
from passerelles.leviers.models import Segment
from passerelles.territoires.models import Collectivite, TypeCollectivite

pytestmark = pytest.mark.browser

# axe-core's own build, as the axe-playwright-python package ships it (test dependency).
AXE = resources.files("axe_playwright_python") / "axe.min.js"
WIDTHS = {"téléphone": 390, "tablette": 768, "bureau": 1366}
SERIOUS = ("serious", "critical")
# What a Content-Security-Policy without 'unsafe-inline' refuses.
INLINE_CODE = """
  document.querySelectorAll('[style], style, script:not([src])').length
  + [...document.querySelectorAll('*')]
      .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length
"""


@pytest.fixture
def demo_pages(transactional_db):
    """The demo réseau with one object of each kind, and the paths of the pages to check."""
    reference_data()
    reseau = demo_load()
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    bourges = Collectivite.objects.get(type=TypeCollectivite.COMMUNE, code="18033")
    contact = Contact.objects.create(
        reseau=reseau,
        civilite="Mme",
        prenom="Camille",
        nom="Démonstration-Longuenom",
        fonction="Adjointe aux relations internationales et aux jumelages",
        role=Role.objects.order_by("ordre").first(),
        email="camille.demonstration-longuenom@exemple-de-demonstration.invalid",
        collectivite=bourges,
    )
    journal_record(
        reseau=reseau,
        auteur=user,
        action="contact_modifie",
        objet=contact,
        libelle=f"Contact modifié : {contact}",
        details={"fonction": ["Adjointe", contact.fonction]},
    )
    segment = Segment.objects.create(reseau=reseau, nom="Communes rurales du Cher", filtres={})
    fiche = Fiche.objects.filter(reseau=reseau).first()
    epci = Collectivite.objects.get(type=TypeCollectivite.EPCI, code="200007177")
    paths = [
        "/",
        "/territoires/",
        "/territoires/?q=bourges",
        bourges.get_absolute_url(),
        epci.get_absolute_url(),
        Collectivite.objects.get(type=TypeCollectivite.DEPARTEMENT, code="18").get_absolute_url(),
        Collectivite.objects.get(type=TypeCollectivite.REGION, code="24").get_absolute_url(),
        "/mobilisation/",
        "/mobilisation/relances/",
        "/mobilisation/collectivites/",
        "/mobilisation/faits/import/",
        "/leviers/segments/",
        "/leviers/segments/nouveau/",
        f"/leviers/segments/{segment.pk}/",
        "/leviers/catalogue/",
        "/ateliers/",
        "/capitalisation/",
        "/capitalisation/nouvelle/",
        "/capitalisation/importer/",
        "/capitalisation/synthese/",
        "/contacts/",
        "/contacts/nouveau/",
        contact.get_absolute_url(),
        f"/contacts/{contact.pk}/modifier/",
        "/contacts/import/",
        "/contacts/organisations/",
        "/contacts/conservation/",
        "/journal/",
        "/mot-de-passe/",
    ]
    paths.append(fiche.get_absolute_url())
    # Every page of an atelier, past (the seed's, after the day) and upcoming (before it).
    for atelier in Atelier.objects.filter(reseau=reseau):
        base = atelier.get_absolute_url()
        paths += [base] + [
            f"{base}{page}/"
            for page in (
                "modifier",
                "programme",
                "invitations",
                "envois",
                "rappels",
                "inscriptions",
                "accueil",
                "suivi",
                "questionnaire",
                "indicateurs",
                "fiche",
            )
        ]
    paths += ["/ateliers/nouveau/", "/ateliers/tableau/", "/ateliers/ce-qui-marche/"]
    # The yearly bilan of the demo year, its objectives, the coordination actions.
    year = timezone.localdate().year
    action = ActionCoordination.objects.for_reseau(reseau).first()
    paths += ["/bilan/", f"/bilan/objectifs/{year}/", "/bilan/coordination/", "/bilan/coordination/nouvelle/"]
    paths.append(f"/bilan/coordination/{action.pk}/")
    # Dossiers: the list, each demo dossier, its edit form, and preparing one from Nérondes.
    paths += ["/accompagnement/", "/accompagnement/?etat=depose"]
    for dossier in Dossier.objects.for_reseau(reseau):
        paths.append(dossier.get_absolute_url())
    depose = Dossier.objects.for_reseau(reseau).get(etat="depose")
    paths.append(f"/accompagnement/{depose.pk}/modifier/")
    piece_add(  # a long file name, as scanners name them, must wrap on a phone
        dossier=depose,
        upload=SimpleUploadedFile(
            "Declaration_eAPD_2026_Communaute_de_communes_du_Pays_de_Nerondes.pdf", b"%PDF-1.4"
        ),
        piece="",
        auteur=user,
    )
    paths.append(f"/leviers/catalogue/instrument/{depose.instrument_id}/appels/")
    nerondes = Collectivite.objects.get(type=TypeCollectivite.COMMUNE, code="18160")
    paths.append(f"/accompagnement/nouveau/{nerondes.pk}/?instrument=cles-en-main")
    # The réseau's public agenda and its framed version, with the upcoming atelier announced.
    Atelier.objects.filter(reseau=reseau, date__gte=timezone.localdate()).update(sur_agenda=True)
    paths += [f"/agenda/{reseau.slug}/", f"/agenda/{reseau.slug}/integre/"]
    return {"username": DEMO_USERNAME, "password": "demo", "paths": paths}


def log_in(page, live_server, account):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill(account["username"])
    page.get_by_label("Mot de passe").fill(account["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")


def overflow(page) -> int:
    """How many pixels the page is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_violations(page) -> list[str]:
    # Evaluated by the browser's debugging protocol, as a test tool: the page's own CSP
    # (no inline script) stays in force for everything the page does itself.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


def page_faults(page, url: str) -> list[str]:
    response = page.goto(url)
    faults = []
    if response.status != 200:
        faults.append(f"statut {response.status}")
    if (excess := overflow(page)) > 0:
        faults.append(f"déborde de {excess} px")
    if inline := page.evaluate(INLINE_CODE):
        faults.append(f"{inline} style(s) ou script(s) en ligne, refusés par la CSP")
    faults.extend(serious_violations(page))
    return faults


@pytest.fixture
def axe_present():
    if not AXE.is_file():
        pytest.fail(f"axe-core absent ({AXE}) : lancez « make install-test ».")


@pytest.mark.parametrize("largeur", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_main_page_fits_the_screen_and_passes_axe(
    browser, live_server, demo_pages, axe_present, largeur
):
    context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        faults = {"/connexion/": page_faults(page, f"{live_server.url}/connexion/")}
        log_in(page, live_server, demo_pages)
        for path in demo_pages["paths"]:
            faults[path] = page_faults(page, f"{live_server.url}{path}")
    finally:
        context.close()
    faulty = {path: found for path, found in faults.items() if found}
    assert not faulty, "\n".join(f"{path} : {' ; '.join(found)}" for path, found in faulty.items())


def test_the_menu_collapses_on_a_phone_and_opens_on_demand(browser, live_server, demo_pages):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        log_in(page, live_server, demo_pages)
        contacts = page.get_by_role("link", name="Contacts", exact=True)
        assert not contacts.is_visible()
        page.get_by_text("Menu", exact=True).click()
        contacts.click()
        page.wait_for_url(f"{live_server.url}/contacts/")
    finally:
        context.close()
