"""The invitation pages on a phone and a tablet: the list is built, previewed, sent through the
worker, and the unsubscribe page is used from the link of the email, with no horizontal scroll."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact, Role
from passerelles.core.models import Reseau
from passerelles.courriels.desabonnement import unsubscribe_url
from passerelles.courriels.models import Message
from passerelles.leviers.models import Segment
from passerelles.territoires.models import Collectivite

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def atelier(demo_account):
    reseau = Reseau.objects.get(slug="centraider")
    # Live-server tests flush the database, roles (loaded by a migration) included.
    maire, _ = Role.objects.get_or_create(code="maire", defaults={"libelle": "Maire", "famille": "elu"})
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date.today() + datetime.timedelta(days=30),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=nerondes,
    )
    atelier.segments.add(
        Segment.objects.create(reseau=reseau, nom="Nérondes", filtres={"epci": nerondes.epci.code})
    )
    atelier.roles.add(maire)
    Contact.objects.create(
        reseau=reseau,
        civilite="Mme",
        prenom="Claire",
        nom="Durand",
        email="claire.durand@exemple.fr",
        collectivite=nerondes,
        role=maire,
    )
    return atelier


@pytest.mark.parametrize("width", [390, 768])
def test_the_invitation_list_is_built_previewed_and_sent_on_a_small_screen(
    page, live_server, demo_account, atelier, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/invitations/")
    page.get_by_role("button", name="Ajouter ces").click()
    expect(page.locator(".courriel")).to_contain_text("/ateliers/inscription/i/")
    page.get_by_label("Nom ou courriel").fill("Durand")
    expect(page.locator("#resultats-contacts")).to_contain_text("Claire Durand")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_role("heading", name="Envois")).to_be_visible()
    assert no_horizontal_scroll(page)
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert Message.objects.filter(atelier=atelier).exists()

    message = Message.objects.filter(contact__nom="Durand").first()
    page.goto(unsubscribe_url(message).replace("http://127.0.0.1:8000", live_server.url))
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Confirmer le désabonnement").click()
    expect(page.get_by_role("heading", name="C'est noté")).to_be_visible()
    assert Contact.objects.get(nom="Durand").desinscrit
