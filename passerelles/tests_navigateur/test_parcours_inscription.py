"""Registering on a phone (390 px) from the atelier's public link, then checking in on a
tablet (768 px): no horizontal scrolling, large targets, text readable without zooming."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.models import Reseau

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser

# Every control a finger must hit, except the honeypot that people never see.
TARGETS = (
    "main input:not([type=hidden]):not(.pot-de-miel input), main select, main textarea, "
    "main button, main summary, main .public-choix, main .public-bouton"
)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def small_targets(page) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(e => e.closest('.pot-de-miel') === null && e.offsetParent !== null)
            .filter(e => e.type !== 'radio' && e.type !== 'checkbox')
            .filter(e => e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))""",
        TARGETS,
    )


@pytest.fixture
def atelier(demo_account):
    return Atelier.objects.create(
        reseau=Reseau.objects.get(slug="centraider"),
        titre="Agir à l'international : pourquoi pas nous ?",
        date=timezone.localdate() + datetime.timedelta(days=10),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_nom="Salle du conseil",
        lieu_adresse="11 rue Jacques-Rimbault",
        capacite=30,
    )


def test_register_on_a_phone_then_check_in_on_a_tablet(browser, live_server, demo_account, atelier):
    phone = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/ateliers/inscription/{atelier.jeton_public}/")
    expect(page.get_by_role("heading", name="Agir à l'international : pourquoi pas nous ?")).to_be_visible()
    expect(page.get_by_text("Il reste 30 places")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert small_targets(page) == []
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.public')).fontSize)") >= 16
    expect(page.get_by_label("J'accepte que le réseau me recontacte", exact=False)).not_to_be_checked()

    page.get_by_label("Madame").check()
    page.get_by_label("Prénom").fill("Hélène")
    page.get_by_label("Nom (obligatoire)", exact=True).fill("Dupré")
    page.get_by_label("Collectivité").press_sequentially("Nérond", delay=30)
    expect(page.locator("#suggestions-collectivite option[value='Nérondes (18)']")).to_have_count(1)
    page.get_by_label("Collectivité").fill("Nérondes (18)")
    page.get_by_label("Adresse électronique").fill("helene.dupre@exemple.fr")
    page.get_by_role("button", name="Valider mon inscription").click()
    expect(page.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/ateliers/inscription/g/[A-Za-z0-9_-]{32}/$"))
    assert no_horizontal_scroll(page)
    assert small_targets(page) == []
    phone.close()

    tablet = browser.new_context(locale="fr-FR", viewport={"width": 768, "height": 1024}, has_touch=True)
    page = tablet.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/accueil/")
    expect(page.get_by_role("heading", name="Accueil des participants")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.get_by_label("Rechercher une personne").press_sequentially("dupr", delay=30)
    row = page.locator(".accueil-ligne", has_text="Hélène Dupré")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Marquer Hélène Dupré présent·e").click()
    expect(page.locator("#compteurs")).to_contain_text("1présent")
    expect(row.get_by_role("button", name="Retirer la présence de Hélène Dupré")).to_be_visible()
    assert small_targets(page) == []
    assert no_horizontal_scroll(page)
    # The main menu does not mistake the check-in page (« accueil ») for the dashboard.
    # (On a tablet the menu is folded: the link is looked up in the page, visible or not.)
    expect(page.locator(".navigation a", has_text="Tableau de bord")).not_to_have_attribute(
        "aria-current", "page"
    )
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/inscriptions/")
    expect(page.get_by_role("heading", name="Inscriptions confirmées (1)")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 390, "height": 844})  # staff pages work on a phone too
    assert no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/accueil/")
    assert no_horizontal_scroll(page)
    tablet.close()
