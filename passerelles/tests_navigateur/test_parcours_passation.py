# ruff: noqa: F811  (the axe_present fixture imported from test_ecrans)
"""On a phone (390 px), then a tablet (768 px): a registrant passes their seat to a colleague,
the colleague confirms it; an invitee types the code of their letter. No horizontal
scrolling, large targets, no serious accessibility fault."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.models import Reseau
from passerelles.territoires.models import Collectivite

from .test_ecrans import axe_present, serious_violations  # noqa: F401 (a fixture)
from .test_parcours_inscription import no_horizontal_scroll, small_targets

pytestmark = pytest.mark.browser
WIDTHS = {"telephone": 390, "tablette": 768}


@pytest.fixture
def inscription(demo_account):
    atelier = Atelier.objects.create(
        reseau=Reseau.objects.get(slug="centraider"),
        titre="Agir à l'international : pourquoi pas nous ?",
        date=timezone.localdate() + datetime.timedelta(days=10),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_nom="Salle du conseil",
        capacite=30,
    )
    personne = services.Personne(
        nom="Martin",
        prenom="Camille",
        email="camille.martin@exemple.fr",
        collectivite=Collectivite.objects.get(type="commune", code="18160"),
    )
    inscription, _ = services.inscription_register(atelier=atelier, personne=personne, site_url="http://x")
    return inscription


def fits(page) -> None:
    assert no_horizontal_scroll(page)
    assert small_targets(page) == []
    assert serious_violations(page) == []


@pytest.mark.parametrize("largeur", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_seat_passed_to_a_colleague_who_confirms_it(
    browser, live_server, inscription, axe_present, largeur
):
    context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 844}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/ateliers/inscription/g/{inscription.jeton}/")
    page.get_by_text("Transmettre ma place à un·e collègue").click()
    fits(page)
    form = page.locator("#transmettre")
    form.get_by_label("Madame").check()
    form.get_by_label("Prénom").fill("Lucie")
    form.get_by_label("Nom (obligatoire)", exact=True).fill("Moreau")
    form.get_by_label("Son adresse électronique").fill("camille.martin@exemple.fr")
    form.get_by_role("button", name="Proposer ma place").click()
    expect(page.get_by_role("alert")).to_contain_text("Cette personne est déjà inscrite")
    fits(page)
    page.locator("#transmettre").get_by_label("Son adresse électronique").fill("lucie.moreau@exemple.fr")
    page.get_by_role("button", name="Proposer ma place").click()
    expect(page.get_by_text("Nous avons écrit à Lucie Moreau.")).to_be_visible()
    expect(page.get_by_text("Vous avez proposé votre place à Lucie Moreau")).to_be_visible()
    fits(page)

    page.goto(f"{live_server.url}/ateliers/inscription/t/{Passation.objects.get().jeton}/")
    expect(page.get_by_role("heading", name="Camille Martin vous propose sa place")).to_be_visible()
    expect(page.get_by_label("J'accepte que le réseau me recontacte", exact=False)).not_to_be_checked()
    fits(page)
    page.get_by_role("button", name="Je prends la place").click()
    expect(page.get_by_text("L'inscription est à votre nom.")).to_be_visible()
    expect(page.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    assert Inscription.objects.get(pk=inscription.pk).email == "lucie.moreau@exemple.fr"
    fits(page)
    context.close()


@pytest.mark.parametrize("largeur", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_code_of_a_letter_typed_on_a_phone_opens_the_registration(
    browser, live_server, inscription, axe_present, largeur
):
    invitation = Invitation.objects.create(
        reseau=inscription.reseau, atelier=inscription.atelier, email="maire@exemple.fr"
    )
    context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 844}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/i/")
    page.get_by_label("Code").fill("ABCDE-FGHJ0")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("n'a pas la forme attendue")
    fits(page)
    typed = f"{invitation.code[:5].lower()} {invitation.code[5:].lower()}"
    page.get_by_label("Code").fill(typed)
    page.get_by_role("button", name="Continuer").click()
    expect(page).to_have_url(f"{live_server.url}/ateliers/inscription/i/{invitation.jeton}/")
    expect(page.get_by_label("Adresse électronique")).to_have_value("maire@exemple.fr")
    context.close()
