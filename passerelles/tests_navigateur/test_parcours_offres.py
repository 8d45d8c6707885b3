"""Waiting-list offers in a real Chromium on a phone, with a real SMTP server on loopback: a
freed seat is offered by email and accepted from the link; an offer left unanswered expires
through the worker and passes to the next person, who is told, as is the one who let it go."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.models import Reseau
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

PHONE = {"locale": "fr-FR", "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def atelier(demo_account):
    """One seat, offered for 24 hours when it frees up."""
    return Atelier.objects.create(
        reseau=Reseau.objects.get(slug="centraider"),
        titre="Coopérer avec une commune du Sahel",
        date=timezone.localdate() + datetime.timedelta(days=12),
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
        lieu_nom="Salle des fêtes",
        lieu_adresse="Place de la mairie, Nérondes",
        capacite=1,
        offre_heures=24,
    )


def register(atelier, nom: str, live_server) -> Inscription:
    inscription, _ = services.inscription_register(
        atelier=atelier,
        personne=Personne(
            nom=nom, prenom="Camille", email=f"{nom.lower()}@mairie.example", structure="Mairie"
        ),
        site_url=live_server.url,
    )
    return inscription


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def last_mail(boite, address: str):
    received = [message for message in boite.recus if message["To"] == address]
    assert received, f"aucun courriel reçu pour {address}"
    return received[-1].get_body(preferencelist=("plain",)).get_content()


def own_page_link(body: str) -> str:
    return re.search(r"https?://\S+/ateliers/inscription/g/\S+/", body).group(0)


def cancel(page, own_page: str):
    page.goto(own_page)
    page.get_by_text("Je ne pourrai pas venir").click()
    page.get_by_role("button", name="Annuler mon inscription").click()


def test_an_offer_is_accepted_and_an_unanswered_one_passes_to_the_next_person(
    browser,
    live_server,
    atelier,
    serveur_smtp,  # noqa: F811
    settings,
):
    settings.SITE_URL = live_server.url  # the worker's emails link to this server
    seated = register(atelier, "Martin", live_server)
    bernard, claude, dominique = (
        register(atelier, nom, live_server) for nom in ("Bernard", "Claude", "Dominique")
    )
    assert {i.etat for i in (bernard, claude, dominique)} == {"attente"}
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        cancel(page, f"{live_server.url}/ateliers/inscription/g/{seated.jeton}/")
        run_worker()

        # Bernard, first on the list, is offered the seat by email and takes it from the link.
        offer = last_mail(serveur_smtp, "bernard@mairie.example")
        assert "réservée pendant 24 heures" in offer
        page.goto(own_page_link(offer))
        expect(page.get_by_role("heading", name="Une place s'est libérée pour vous")).to_be_visible()
        page.get_by_role("button", name="Accepter la place").click()
        bernard.refresh_from_db()
        assert bernard.etat == "confirmee"

        # Bernard withdraws; Claude is offered the seat and does not answer in time.
        cancel(page, own_page_link(offer))
        run_worker()
        claude_offer = last_mail(serveur_smtp, "claude@mairie.example")
        assert "réservée pendant 24 heures" in claude_offer
        # A day goes by.
        Inscription.objects.filter(pk=claude.pk).update(
            offre_expire_le=timezone.now() - datetime.timedelta(minutes=1)
        )
        run_worker()
        assert "pas été acceptée à temps" in last_mail(serveur_smtp, "claude@mairie.example")
        dominique_offer = last_mail(serveur_smtp, "dominique@mairie.example")
        assert "réservée pendant 24 heures" in dominique_offer

        # Claude's link no longer offers the seat; Dominique's does.
        page.goto(own_page_link(claude_offer))
        expect(page.get_by_role("button", name="Accepter la place")).to_have_count(0)
        page.goto(own_page_link(dominique_offer))
        page.get_by_role("button", name="Accepter la place").click()
        dominique.refresh_from_db()
        claude.refresh_from_db()
        assert (dominique.etat, claude.etat) == ("confirmee", "annulee")  # Claude may register again
        assert Inscription.objects.filter(atelier=atelier, etat="confirmee").count() == 1
    finally:
        context.close()
