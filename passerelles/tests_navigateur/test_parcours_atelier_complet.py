"""The whole life of an atelier in a real Chromium, with a real SMTP server on loopback.

Before the day: the atelier is created in the pages, the invitation list is built from its
segment, the worker sends it, the personal link of the received email is opened on a phone to
register, and the person is checked in on a tablet. After the day: the survey link of the
received email is answered on a phone, the follow-ups appear where staff look for them, and the
indicators, the PDF report and the draft fiche come out of what happened."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from passerelles.ateliers.models import Atelier, Inscription, StatutAtelier
from passerelles.ateliers.tests.donnees_suivi import commune
from passerelles.ateliers.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)
from passerelles.contacts.models import Contact, Role
from passerelles.core.models import Reseau
from passerelles.leviers.catalogue import catalogue_load
from passerelles.leviers.models import PointEntree, Segment
from passerelles.mobilisation.models import Relance

from .test_parcours_territoires import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
# The CC du Pays de Nérondes: a handful of Cher communes whose mayors the réseau knows.
MAIRES = [
    ("Mme", "Hélène", "Dupré", "helene.dupre@mairie.example"),
    ("M.", "Paul", "Bernard", "paul.bernard@mairie.example"),
    ("Mme", "Anne", "Roux", "anne.roux@mairie.example"),
]
MAIRES_EMAILS = [email for *_, email in MAIRES]
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def small_page(browser, viewport):
    context = browser.new_context(locale="fr-FR", viewport=viewport, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def mail_to(boite, address):
    received = [message for message in boite.recus if message["To"] == address]
    assert received, f"aucun courriel reçu pour {address}"
    return received[-1]


def link_in(message, pattern: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https?://\S+{pattern}\S*", body).group(0)


@pytest.fixture
def reseau(demo_account, settings, live_server):
    """The réseau, its catalogue, the mayors' role and a rate-limit cache emptied for the run."""
    settings.SITE_URL = live_server.url  # links of emails point at the live server
    call_command("createcachetable", verbosity=0)
    cache.clear()
    if not PointEntree.objects.exists():  # live-server tests flush the catalogue too
        catalogue_load()
    Role.objects.get_or_create(code="maire", defaults={"libelle": "Maire", "famille": "elu"})
    return Reseau.objects.get(slug="centraider")


@pytest.fixture
def maires(reseau):
    maire = Role.objects.get(code="maire")
    nerondes = commune("18160")
    segment = Segment.objects.create(reseau=reseau, nom="Pays de Nérondes", filtres={"epci": nerondes.epci.code})
    # Nérondes first, then two other communes of its EPCI.
    communes = [nerondes, *nerondes.epci.communes_membres.filter(type="commune").exclude(pk=nerondes.pk).order_by("code")[:2]]
    for collectivite, (civilite, prenom, nom, email) in zip(communes, MAIRES, strict=True):
        Contact.objects.create(
            reseau=reseau,
            civilite=civilite,
            prenom=prenom,
            nom=nom,
            email=email,
            role=maire,
            collectivite=collectivite,
        )
    assert Contact.objects.for_reseau(reseau).joignables().count() == len(MAIRES)
    return segment


def test_an_atelier_is_created_sent_registered_for_on_a_phone_and_checked_in_on_a_tablet(
    browser, page, live_server, demo_account, maires, serveur_smtp  # noqa: F811
):
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/ateliers/nouveau/")
    page.get_by_label("Titre").fill("L'international, pourquoi pas nous ?")
    page.get_by_label("Point d'entrée").select_option(label="Jumelage et mobilité des jeunes")
    page.get_by_label("Pays de Nérondes").check()
    page.locator("#id_roles").get_by_label("Maire", exact=True).check()
    page.locator("#id_date").fill((timezone.localdate() + datetime.timedelta(days=20)).isoformat())
    page.get_by_label("Commune du lieu").fill("Nérondes (18)")
    page.locator("#id_lieu_nom").fill("Salle des fêtes")
    page.get_by_role("button", name="Enregistrer l'atelier").click()
    expect(page.get_by_role("heading", name="L'international, pourquoi pas nous ?")).to_be_visible()
    atelier = Atelier.objects.get()
    assert atelier.lieu_collectivite.code == "18160"

    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/invitations/")
    page.get_by_role("button", name="Ajouter ces").click()
    expect(page.get_by_role("heading", name=re.compile(r"La liste \(\d+ invitations\)"))).to_be_visible()
    invited = atelier.invitations.count()
    assert set(MAIRES_EMAILS) <= set(atelier.invitations.values_list("email", flat=True))
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_role("heading", name="Envois")).to_be_visible()
    run_worker()
    page.reload()
    expect(page.locator("#etat-envoye")).to_have_text(str(invited))

    invitation = mail_to(serveur_smtp, "helene.dupre@mairie.example")
    assert invitation["List-Unsubscribe"] and invitation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    lien = link_in(invitation, "/ateliers/inscription/i/")
    assert lien.startswith(live_server.url)

    phone = small_page(browser, PHONE)
    phone.goto(lien)
    expect(phone.get_by_role("heading", name="L'international, pourquoi pas nous ?")).to_be_visible()
    expect(phone.get_by_label("Nom (obligatoire)", exact=True)).to_have_value("Dupré")
    expect(phone.get_by_label("Adresse électronique")).to_have_value("helene.dupre@mairie.example")
    assert not phone.evaluate(SCROLLS_SIDEWAYS)
    phone.get_by_role("button", name="Valider mon inscription").click()
    expect(phone.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    assert not phone.evaluate(SCROLLS_SIDEWAYS)
    phone.context.close()
    inscription = Inscription.objects.get(atelier=atelier)
    assert inscription.contact.nom == "Dupré" and inscription.collectivite.code == "18160"
    run_worker()
    confirmation = mail_to(serveur_smtp, "helene.dupre@mairie.example")
    assert "atelier.ics" in [part.get_filename() for part in confirmation.iter_attachments()]

    tablet = small_page(browser, TABLET)
    log_in(tablet, live_server, demo_account)
    tablet.goto(f"{live_server.url}/ateliers/{atelier.pk}/accueil/")
    expect(tablet.get_by_role("heading", name="Accueil des participants")).to_be_visible()
    tablet.get_by_label("Rechercher une personne").press_sequentially("dupr", delay=30)
    row = tablet.locator(".accueil-ligne", has_text="Hélène Dupré")
    row.get_by_role("button", name="Marquer Hélène Dupré présent·e").click()
    expect(tablet.locator("#compteurs")).to_contain_text("1présent")
    assert not tablet.evaluate(SCROLLS_SIDEWAYS)
    inscription.refresh_from_db()
    assert inscription.present
    tablet.context.close()

