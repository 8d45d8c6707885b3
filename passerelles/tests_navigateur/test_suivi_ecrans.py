"""The survey on a phone and the indicators on a phone and a tablet, in a real Chromium:
nothing scrolls sideways, the answer goes through, the charts show without JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.ateliers.suivi.enquete import enquete_send
from passerelles.ateliers.suivi.models import Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, inscrire, make_atelier
from passerelles.core.models import Reseau

from .test_parcours_territoires import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
CONTENT_OVERFLOWS = """Array.from(document.querySelectorAll('main *')).some(
    element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    && !element.closest('.tableau-defile'))"""


@pytest.fixture
def atelier(demo_account):
    reseau = Reseau.objects.get(slug="centraider")
    atelier = make_atelier(reseau, date=timezone.localdate() - datetime.timedelta(days=3))
    inscrire(atelier, commune("18160"), email="maire@nerondes.example")
    enquete_send(atelier, base_url="http://testserver/")
    return atelier


def test_the_survey_is_answered_on_a_phone(page, live_server, atelier):
    reponse = Reponse.objects.get()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ateliers/enquete/{reponse.jeton}/")
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    page.get_by_label("4", exact=True).check()
    page.locator("#question-trop_institutionnel").get_by_label("Oui").check()
    page.get_by_label("Un commentaire, une idée pour le prochain atelier ?").fill(
        "Plus d'échanges entre élus."
    )
    page.locator("#envoyer-reponse").click()
    page.locator("#merci").wait_for()
    reponse.refresh_from_db()
    assert reponse.valeurs["satisfaction"] == 4 and reponse.valeurs["trop_institutionnel"] is True


@pytest.mark.parametrize("width", [390, 768])
def test_the_indicators_fit_a_phone_and_a_tablet(page, live_server, atelier, demo_account, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, demo_account)
    expect(page).not_to_have_url(re.compile("/connexion/"))
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/indicateurs/")
    assert page.locator("#graphique-connaissance svg").is_visible()
    # The site's header is shared by every page; this page's own content must fit.
    assert not page.evaluate(CONTENT_OVERFLOWS)
