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
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, inscrire, make_atelier
from passerelles.capitalisation.models import Fiche
from passerelles.contacts.models import Contact, Role
from passerelles.core.models import Reseau
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)
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


def voisines(commune):
    """The other communes of a commune's EPCI, always in the same order."""
    return list(commune.epci.communes_membres.filter(type="commune").exclude(pk=commune.pk).order_by("code"))


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
    caches["compteurs"].clear()
    if not PointEntree.objects.exists():  # live-server tests flush the catalogue too
        catalogue_load()
    Role.objects.get_or_create(code="maire", defaults={"libelle": "Maire", "famille": "elu"})
    return Reseau.objects.get(slug="centraider")


@pytest.fixture
def maires(reseau):
    maire = Role.objects.get(code="maire")
    nerondes = commune("18160")
    segment = Segment.objects.create(
        reseau=reseau, nom="Pays de Nérondes", filtres={"epci": nerondes.epci.code}
    )
    communes = [nerondes, *voisines(nerondes)[:2]]
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
    browser,
    page,
    live_server,
    demo_account,
    maires,
    serveur_smtp,  # noqa: F811
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
    assert invitation["List-Unsubscribe"].strip().startswith(f"<{live_server.url}/ateliers/desabonnement/")
    assert invitation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
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
    run_worker()  # the registration's contact and email are the worker's
    inscription = Inscription.objects.get(atelier=atelier)
    assert inscription.contact.nom == "Dupré" and inscription.collectivite.code == "18160"
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
    # The tick is queued on the tablet, then synced: wait until nothing is pending.
    expect(tablet.locator(".accueil-ligne", has_text="en attente de synchronisation")).to_have_count(0)
    inscription.refresh_from_db()
    assert inscription.present
    tablet.context.close()


@pytest.fixture
def atelier_passe(reseau, demo_account):
    """An atelier held three days ago: a mayor came, another registered person did not."""
    responsable = get_user_model().objects.get(username=demo_account["username"])
    nerondes = commune("18160")
    helene = Contact.objects.create(
        reseau=reseau,
        civilite="Mme",
        prenom="Hélène",
        nom="Dupré",
        email="helene.dupre@mairie.example",
        role=Role.objects.get(code="maire"),
        collectivite=nerondes,
    )
    atelier = make_atelier(
        reseau,
        titre="L'international, pourquoi pas nous ?",
        date=timezone.localdate() - datetime.timedelta(days=3),
        statut=StatutAtelier.CLOS,
        responsable=responsable,
    )
    inscrire(atelier, nerondes, contact=helene, prenom="Hélène", nom="Dupré", email=helene.email)
    paul = {"prenom": "Paul", "nom": "Bernard", "email": "paul.bernard@mairie.example"}
    inscrire(atelier, voisines(nerondes)[0], present=False, **paul)
    return atelier


def test_after_the_day_the_survey_follow_ups_indicators_report_and_fiche(
    browser,
    page,
    live_server,
    demo_account,
    atelier_passe,
    serveur_smtp,  # noqa: F811
):
    atelier = atelier_passe
    log_in(page, live_server, demo_account)
    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/modifier/")
    page.get_by_label("Statut").select_option(label="Réalisé")
    page.get_by_role("button", name="Enregistrer l'atelier").click()
    expect(page.get_by_role("heading", name="L'international, pourquoi pas nous ?")).to_be_visible()
    atelier.refresh_from_db()
    assert atelier.statut == StatutAtelier.REALISE

    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/questionnaire/")
    page.locator("#envoyer-questionnaire").click()
    expect(page).to_have_url(re.compile(r"/travaux/\d+/$"))
    run_worker()
    survey = mail_to(serveur_smtp, "helene.dupre@mairie.example")
    assert survey["List-Unsubscribe"]
    assert not [m for m in serveur_smtp.recus if m["To"] == "paul.bernard@mairie.example"]  # only who came
    lien = link_in(survey, "/ateliers/enquete/")
    assert lien.startswith(live_server.url)

    phone = small_page(browser, PHONE)
    phone.goto(lien)
    expect(phone.get_by_role("heading", name="Votre avis sur l'atelier")).to_be_visible()
    assert not phone.evaluate(SCROLLS_SIDEWAYS)
    phone.locator("#question-satisfaction").get_by_label("4", exact=True).check()
    phone.locator("#question-trop_technique").get_by_label("Non").check()
    phone.locator("#question-trop_institutionnel").get_by_label("Oui").check()
    phone.locator("#question-rendez_vous").get_by_label("Oui").check()
    phone.get_by_label("Plutôt quand ?").select_option(label="Dans le mois")
    phone.get_by_label("Un commentaire, une idée", exact=False).fill("Plus de témoignages d'élus.")
    phone.get_by_label("J'accepte que mon commentaire soit cité", exact=False).check()
    phone.locator("#envoyer-reponse").click()
    expect(phone.locator("#merci")).to_be_visible()
    assert not phone.evaluate(SCROLLS_SIDEWAYS)
    phone.context.close()

    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/suivi/")
    page.locator("#preparer-suivi").click()
    run_worker()
    page.reload()
    a_venir = page.locator("#relances-a_venir")
    expect(a_venir).to_contain_text("rendez-vous demandé (Nérondes)")
    expect(a_venir).to_contain_text("Inscrit·e absent·e")
    assert Relance.objects.filter(collectivite__code="18160").count() >= 4  # the answer, J+15, J+90, J+180

    page.goto(f"{live_server.url}/mobilisation/relances/")
    expect(page.get_by_role("heading", name="Mes relances")).to_be_visible()
    expect(page.locator("main")).to_contain_text("rendez-vous demandé (Nérondes)")
    expect(page.locator("main")).to_contain_text("Paul Bernard")

    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/indicateurs/")
    chiffres = {"inscrits": "2", "participants_presents": "1", "absents": "1", "nouvelles_collectivites": "1"}
    for cle, valeur in chiffres.items():
        expect(page.locator(f"#chiffre-{cle} .valeur")).to_have_text(valeur)
    expect(page.locator("#chiffre-satisfaction_moyenne .valeur")).to_contain_text("4")
    for chart in ("entonnoir", "connaissance", "satisfaction"):
        expect(page.locator(f"#graphique-{chart} svg")).to_be_visible()

    # The report opens in the browser's PDF viewer: fetch it with the page's session instead.
    rapport = page.request.get(page.url + page.locator("#rapport-pdf").get_attribute("href"))
    assert rapport.ok and rapport.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(rapport.body())).pages
    text = " ".join(" ".join(sheet.extract_text() for sheet in pages).split())
    assert text.startswith("L'international, pourquoi pas nous ?")
    for figure in (
        "2 Inscrits",
        "1 Participants présents",
        "1 Absents",
        "1 Nouvelles pour le réseau",
        "4,0 / 5 Satis",
    ):
        assert figure in text

    # A sign of change, dated and sourced, goes with the atelier into its fiche.
    page.locator("#ajouter-signe summary").click()
    page.locator("#id_collectivite").select_option(label="Nérondes")
    page.locator("#id_constat").fill("Le conseil municipal vote une première ligne « coopération »")
    page.locator("#id_source").fill("Délibération n° 2026-41")
    page.locator("#ajouter-signe button[type=submit]").click()
    expect(page.locator("#signes")).to_contain_text("première ligne « coopération »")
    expect(page.locator("#chiffre-signes_de_changement .valeur")).to_have_text("1")

    page.goto(f"{live_server.url}/ateliers/{atelier.pk}/fiche/")
    page.get_by_label("« Plus de témoignages d'élus. »", exact=False).check()
    page.locator("#creer-fiche").click()
    expect(page.get_by_role("heading", name=re.compile("^Modifier « "))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/capitalisation/.+/modifier/$"))
    fiche = Fiche.objects.get()
    assert not fiche.publiee and fiche.verbatims[0]["texte"] == "Plus de témoignages d'élus."
    assert "L'international, pourquoi pas nous ?" in fiche.titre
    assert "Délibération n° 2026-41" in fiche.resultats
