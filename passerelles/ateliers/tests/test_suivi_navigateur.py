"""The survey on a phone and the indicators on a phone and a tablet, in a real Chromium:
nothing scrolls sideways, the answer goes through, the charts show without JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.ateliers.enquete import enquete_send
from passerelles.ateliers.models import Reponse
from passerelles.tests_navigateur.conftest import browser, demo_account  # noqa: F401 (fixtures)
from passerelles.tests_navigateur.test_parcours_territoires import log_in

from .donnees_suivi import commune, inscrire, make_atelier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
CONTENT_OVERFLOWS = """Array.from(document.querySelectorAll('main *')).some(
    element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    && !element.closest('.tableau-defile'))"""


@pytest.fixture
def atelier(demo_account):  # noqa: F811
    from passerelles.core.models import Reseau

    reseau = Reseau.objects.get(slug="centraider")
    atelier = make_atelier(reseau, date=timezone.localdate() - datetime.timedelta(days=3))
    inscrire(atelier, commune("18160"), email="maire@nerondes.example")
    enquete_send(atelier, base_url="http://testserver/")
    return atelier


def open_page(browser, width: int, height: int):  # noqa: F811
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_the_survey_is_answered_on_a_phone(browser, live_server, atelier):  # noqa: F811
    reponse = Reponse.objects.get()
    context, page = open_page(browser, 390, 844)
    page.goto(f"{live_server.url}/ateliers/enquete/{reponse.jeton}/")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.get_by_label("4", exact=True).check()
    page.locator("#question-trop_institutionnel").get_by_label("Oui").check()
    page.get_by_label("Un commentaire, une idée pour le prochain atelier ?").fill(
        "Plus d'échanges entre élus."
    )
    page.locator("#envoyer-reponse").click()
    page.locator("#merci").wait_for()
    context.close()
    reponse.refresh_from_db()
    assert reponse.valeurs["satisfaction"] == 4 and reponse.valeurs["trop_institutionnel"] is True


@pytest.mark.parametrize("width", [390, 768])
def test_the_indicators_fit_a_phone_and_a_tablet(browser, live_server, atelier, demo_account, width):  # noqa: F811
    context, page = open_page(browser, width, 900)
    log_in(page, live_server, demo_account)
    expect(page).not_to_have_url(re.compile("/connexion/"))
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/indicateurs/")
    assert page.locator("#graphique-connaissance svg").is_visible()
    # The site's header is shared by every page; this page's own content must fit.
    assert not page.evaluate(CONTENT_OVERFLOWS)
    context.close()
