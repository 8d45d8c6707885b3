"""The public registration pages (no account) and the staff pages: registrations list, check-in."""

import datetime
import re
import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import Contact, Role
from passerelles.core.compteurs import CompteursCache
from passerelles.courriels.models import Message

from .outils import run_worker

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_nom="Hôtel de ville",
        capacite=2,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


def url_publique(atelier) -> str:
    return f"/ateliers/inscription/{atelier.jeton_public}/"


def form_data(**changes) -> dict:
    data = {
        "civilite": "Mme",
        "prenom": "Hélène",
        "nom": "Dupré",
        "role": "",
        "collectivite": "Nérondes",
        "structure": "",
        "email": "helene.dupre@exemple.fr",
        "besoins": "Repas végétarien",
        "site_web": "",
    }
    return {**data, **changes}


def register(atelier, nom, email) -> Inscription:
    inscription, _ = services.inscription_register(
        atelier=atelier,
        personne=Personne(nom=nom, prenom="Paul", email=email, structure="Jumelage"),
        site_url=SITE,
    )
    return inscription


# --- Public registration ------------------------------------------------------------------------


def test_the_public_page_needs_no_account_and_shows_the_atelier_and_the_seats_left(client, atelier):
    page = client.get(url_publique(atelier))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Agir à l&#x27;international" in html and "Il reste <strong>2 places</strong>" in html
    assert "de 9\u00a0h\u00a030 à 12\u00a0h\u00a030" in html
    consent = re.search(r'<input[^>]*name="consentement"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert 'style="' not in html and "<script>" not in html and "<style" not in html


def test_registering_leads_to_ones_own_registration_page(client, atelier, reseau):
    response = client.post(url_publique(atelier), form_data(consentement="on"))
    inscription = Inscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ateliers/inscription/g/{inscription.jeton}/"
    assert (inscription.nom, inscription.collectivite.code, inscription.source) == (
        "Dupré",
        "18160",
        "lien_public",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Votre inscription est confirmée" in page and "Repas végétarien" in page
    # The seat is theirs at once; the contact and the email are the worker's, seconds later.
    assert (inscription.contact, Message.objects.count()) == (None, 0)
    run_worker()
    inscription.refresh_from_db()
    assert inscription.contact.consentement_mailing is True and inscription.contact.reseau == reseau
    assert Message.objects.get().nature == "confirmation"


def test_missing_fields_get_french_messages_and_nothing_is_saved(client, atelier):
    page = client.post(url_publique(atelier), form_data(nom="", email="pas-une-adresse", collectivite=""))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ce champ est obligatoire." in html
    assert "Saisissez une adresse de courriel valide." in html
    assert not Inscription.objects.exists()
    page = client.post(url_publique(atelier), form_data(collectivite="", structure=""))
    assert "Indiquez votre collectivité ou, à défaut, votre structure." in page.content.decode()


def test_an_association_may_register_without_a_collectivite(client, atelier):
    client.post(url_publique(atelier), form_data(collectivite="", structure="Comité de jumelage de Vierzon"))
    assert Inscription.objects.get().structure == "Comité de jumelage de Vierzon"


def test_an_ambiguous_collectivite_asks_for_precision(client, atelier):
    page = client.post(url_publique(atelier), form_data(collectivite="Saint-Martin"))
    assert "Précisez" in page.content.decode()
    assert not Inscription.objects.exists()


def test_a_full_atelier_offers_the_waiting_list(client, atelier):
    register(atelier, "Martin", "m@exemple.fr")
    register(atelier, "Bernard", "b@exemple.fr")
    html = client.get(url_publique(atelier)).content.decode()
    assert "L'atelier est complet" in html
    response = client.post(url_publique(atelier), form_data())
    page = client.get(response["Location"]).content.decode()
    assert "Vous êtes sur la liste d'attente</strong>, en première position" in page
    second = client.post(url_publique(atelier), form_data(email="second@exemple.fr"))
    assert "en position 2." in client.get(second["Location"]).content.decode()


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"statut": StatutAtelier.ANNULE}, "Cet atelier est annulé"),
        ({"inscriptions_fermees_le": timezone.now()}, "Les inscriptions à cet atelier sont closes"),
        ({"date": datetime.date(2024, 5, 14)}, "Cet atelier a déjà eu lieu"),
    ],
)
def test_a_closed_atelier_says_so_and_takes_no_registration(client, atelier, change, text):
    Atelier.objects.filter(pk=atelier.pk).update(**change)
    page = client.get(url_publique(atelier)).content.decode()
    assert text in page and 'name="nom"' not in page
    assert client.post(url_publique(atelier), form_data()).status_code == 200
    assert not Inscription.objects.exists()


def test_the_personal_link_is_prefilled_from_the_invitation(client, atelier, reseau):
    role = Role.objects.first()
    contact = Contact.objects.create(
        reseau=reseau, civilite="M.", prenom="Jean", nom="Lefèvre", email="jean.lefevre@exemple.fr", role=role
    )
    invitation = Invitation.objects.create(
        reseau=reseau, atelier=atelier, contact=contact, email=contact.email
    )
    html = client.get(f"/ateliers/inscription/i/{invitation.jeton}/").content.decode()
    assert 'value="Lefèvre"' in html and 'value="jean.lefevre@exemple.fr"' in html
    assert re.search(rf'<option value="{role.pk}" selected>', html)
    client.post(
        f"/ateliers/inscription/i/{invitation.jeton}/",
        form_data(prenom="Jean", nom="Lefèvre", email="jean.lefevre@exemple.fr", civilite="M."),
    )
    run_worker()
    inscription = Inscription.objects.get()
    assert (inscription.invitation, inscription.source, inscription.contact) == (
        invitation,
        "lien_personnel",
        contact,
    )


def test_reopening_ones_personal_link_after_registering_shows_the_registration(client, atelier, reseau):
    invitation = Invitation.objects.create(reseau=reseau, atelier=atelier, email="jean.lefevre@exemple.fr")
    url = f"/ateliers/inscription/i/{invitation.jeton}/"
    client.post(url, form_data(prenom="Jean", nom="Lefèvre", email="jean.lefevre@exemple.fr"))
    inscription = Inscription.objects.get()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/inscription/g/{inscription.jeton}/"
    )
    client.post(f"/ateliers/inscription/g/{inscription.jeton}/", {"annuler": "oui"})
    assert "<form" in client.get(url).content.decode()  # cancelled: the form again, to register anew


def test_a_person_who_cancelled_can_register_again(client, atelier):
    first = register(atelier, "Dupré", "helene.dupre@exemple.fr")
    client.post(f"/ateliers/inscription/g/{first.jeton}/", {"annuler": "oui"})
    response = client.post(url_publique(atelier), form_data())
    again = Inscription.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and again.etat == "confirmee"
    assert Inscription.objects.get(pk=first.pk).etat == "annulee"


def test_an_address_already_registered_gets_its_link_by_email_not_on_the_page(client, atelier):
    first = register(atelier, "Dupré", "helene.dupre@exemple.fr")
    page = client.post(url_publique(atelier), form_data())
    html = page.content.decode()
    assert page.status_code == 200 and "déjà inscrite" in html
    assert first.jeton not in html
    assert Inscription.objects.count() == 1


def test_one_can_cancel_from_ones_own_page_and_the_seat_goes_to_the_next_waiting(client, atelier):
    mine = register(atelier, "Martin", "m@exemple.fr")
    register(atelier, "Bernard", "b@exemple.fr")
    waiting = register(atelier, "Petit", "p@exemple.fr")
    url = f"/ateliers/inscription/g/{mine.jeton}/"
    response = client.post(url, {"annuler": "oui"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Votre inscription est annulée" in page and "Annuler mon inscription" not in page
    waiting.refresh_from_db()
    assert waiting.etat == "confirmee"
    assert "Petit" not in page  # who got the seat is not shown to the person who left


def test_ones_page_shows_nothing_of_other_registrations(client, atelier):
    mine = register(atelier, "Martin", "m@exemple.fr")
    register(atelier, "Zorglub", "zorglub@exemple.fr")
    html = client.get(f"/ateliers/inscription/g/{mine.jeton}/").content.decode()
    assert "Zorglub" not in html and "zorglub@exemple.fr" not in html
    assert "Zorglub" not in client.get(url_publique(atelier)).content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/ateliers/inscription/{}/",
        "/ateliers/inscription/i/{}/",
        "/ateliers/inscription/g/{}/",
    ],
)
@pytest.mark.parametrize("jeton", ["A" * 32, "court", "x" * 500, "%00" * 20, "é" * 20, "..%2F..%2F"])
def test_unknown_or_malformed_tokens_are_404(client, path, jeton):
    assert client.get(path.format(jeton)).status_code == 404
    assert client.post(path.format(jeton), form_data()).status_code == 404


def test_tokens_are_long_and_random(atelier):
    inscription = register(atelier, "Martin", "m@exemple.fr")
    for jeton in (atelier.jeton_public, inscription.jeton):
        assert len(jeton) >= 32  # 24 random bytes in URL-safe base64: 192 bits
    assert (
        atelier.jeton_public
        != Atelier.objects.create(
            reseau=atelier.reseau,
            titre="x",
            date=atelier.date,
            heure_debut=atelier.heure_debut,
            heure_fin=atelier.heure_fin,
        ).jeton_public
    )


def test_a_post_without_csrf_token_is_refused(atelier):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url_publique(atelier), form_data()).status_code == 403
    assert not Inscription.objects.exists()


def test_the_honeypot_catches_robots(client, atelier):
    response = client.post(url_publique(atelier), form_data(site_web="http://spam.example"))
    assert response.status_code == 400
    assert "n'a pas pu être enregistrée" in response.content.decode()
    assert not Inscription.objects.exists() and not Contact.objects.exists()
    html = client.get(url_publique(atelier)).content.decode()
    assert re.search(r'<div class="pot-de-miel" aria-hidden="true">', html)


@pytest.fixture
def ratelimit_clock(monkeypatch):
    """Rate-limit windows are aligned on the clock: a test that straddled the end of one would
    start counting again. The limiter's clock is held still for the test."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def test_the_rate_limit_is_per_address_and_counted_in_the_shared_database(atelier, ratelimit_clock):
    assert isinstance(caches["compteurs"], CompteursCache)
    statuses = []
    for n in range(21):
        # A new client each time: nothing held in a session or a process counts.
        client = Client(REMOTE_ADDR="203.0.113.7")
        statuses.append(client.post(url_publique(atelier), form_data(email=f"p{n}@exemple.fr")).status_code)
    assert statuses == [302] * 20 + [429]
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert other.post(url_publique(atelier), form_data(email="autre@exemple.fr")).status_code == 302


def test_collectivite_suggestions_are_public_and_come_from_the_referentiel(client):
    html = client.get("/ateliers/inscription/collectivites/", {"collectivite": "Nérond"}).content.decode()
    assert '<option value="Nérondes (18)">' in html
    html = client.get(
        "/ateliers/inscription/collectivites/", {"collectivite": "ville de bourges"}
    ).content.decode()
    assert '<option value="Bourges (18)">' in html
    assert (
        "<option"
        not in client.get("/ateliers/inscription/collectivites/", {"collectivite": "b"}).content.decode()
    )


# --- Staff pages -------------------------------------------------------------------------------------


def test_the_staff_list_shows_confirmed_waiting_in_order_and_cancelled(client_membre, atelier):
    register(atelier, "Martin", "m@exemple.fr")
    gone = register(atelier, "Bernard", "b@exemple.fr")
    register(atelier, "Petit", "p@exemple.fr")
    register(atelier, "Albert", "a@exemple.fr")
    services.inscription_cancel(inscription=gone, site_url=SITE)
    html = client_membre.get(f"/ateliers/{atelier.pk}/inscriptions/").content.decode()
    confirmed, waiting, cancelled = (
        html.split("Inscriptions confirmées")[1].split("Liste d'attente (")[0],
        html.split("Liste d'attente (")[1].split("Annulations (")[0],
        html.split("Annulations (")[1],
    )
    assert "Martin" in confirmed and "Petit" in confirmed
    assert "Albert" in waiting
    assert "Bernard" in cancelled
    assert atelier.jeton_public in html


def test_staff_raise_the_capacity_close_and_reopen(client_membre, atelier):
    for n in range(4):
        register(atelier, f"Nom{n}", f"p{n}@exemple.fr")
    response = client_membre.post(f"/ateliers/{atelier.pk}/inscriptions/capacite/", {"capacite": "3"})
    assert response.status_code == 302
    assert Inscription.objects.filter(atelier=atelier, etat="confirmee").count() == 3
    page = client_membre.post(
        f"/ateliers/{atelier.pk}/inscriptions/capacite/", {"capacite": "-4"}, follow=True
    )
    assert "nombre entier positif" in page.content.decode()
    client_membre.post(f"/ateliers/{atelier.pk}/inscriptions/fermeture/", {"action": "fermer"})
    atelier.refresh_from_db()
    assert atelier.inscriptions_fermees_le is not None
    client_membre.post(f"/ateliers/{atelier.pk}/inscriptions/fermeture/", {"action": "rouvrir"})
    atelier.refresh_from_db()
    assert atelier.inscriptions_fermees_le is None


def test_cancelling_the_atelier_needs_a_confirmation(client_membre, atelier):
    register(atelier, "Martin", "m@exemple.fr")
    url = f"/ateliers/{atelier.pk}/annuler/"
    assert "recevront un courriel" in client_membre.get(url).content.decode()
    client_membre.post(url, {"motif": "Report"})
    atelier.refresh_from_db()
    assert atelier.statut != "annule"
    client_membre.post(url, {"motif": "Report", "confirmation": "on"})
    atelier.refresh_from_db()
    assert atelier.statut == "annule"
    assert Message.objects.filter(nature="annulation", destinataire="m@exemple.fr").exists()


def test_check_in_search_tick_and_untick_with_live_counters(client_membre, atelier):
    martin = register(atelier, "Martin", "m@exemple.fr")
    register(atelier, "Bernard", "b@exemple.fr")
    page = client_membre.get(f"/ateliers/{atelier.pk}/accueil/").content.decode()
    assert "Martin" in page and "Bernard" in page
    emargement = f"/ateliers/{atelier.pk}/documents/emargement.pdf"
    assert emargement in page
    assert client_membre.get(emargement)["Content-Type"] == "application/pdf"
    found = client_membre.get(
        f"/ateliers/{atelier.pk}/accueil/recherche/", {"q": "mart"}, HTTP_HX_REQUEST="true"
    )
    assert "Martin" in found.content.decode() and "Bernard" not in found.content.decode()
    ticked = client_membre.post(
        f"/ateliers/{atelier.pk}/accueil/{martin.pk}/presence/", {"present": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-swap-oob="true"' in ticked and "Retirer la présence de Paul Martin" in ticked
    counters = client_membre.get(f"/ateliers/{atelier.pk}/accueil/compteurs/").content.decode()
    assert re.search(r'chiffre">1</span><span class="legende">présent<', counters)
    client_membre.post(f"/ateliers/{atelier.pk}/accueil/{martin.pk}/presence/", {"present": "0"})
    martin.refresh_from_db()
    assert not martin.present


def test_a_walk_in_is_added_on_the_spot(client_membre, atelier, reseau):
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/accueil/sur-place/",
        {"prenom": "Luc", "nom": "Moreau", "collectivite": "Nérondes", "structure": "", "email": ""},
    )
    assert response.status_code == 302
    walk_in = Inscription.objects.get(atelier=atelier)
    assert walk_in.sur_place and walk_in.present and walk_in.contact.nom == "Moreau"
    bad = client_membre.post(f"/ateliers/{atelier.pk}/accueil/sur-place/", {"prenom": "Luc", "nom": ""})
    assert bad.status_code == 400 and "Ce champ est obligatoire." in bad.content.decode()


def test_staff_pages_of_registrations_ask_for_login(client, atelier):
    for path in ("inscriptions/", "accueil/", "annuler/", "accueil/recherche/"):
        assert client.get(f"/ateliers/{atelier.pk}/{path}").status_code == 302


def test_the_check_in_list_shows_thirty_people_and_asks_to_type_for_the_others(client_membre, atelier):
    atelier.capacite = None
    atelier.save()
    for n in range(35):
        register(atelier, f"Nom{n:02d}", f"p{n}@exemple.fr")
    page = client_membre.get(f"/ateliers/{atelier.pk}/accueil/").content.decode()
    assert page.count('class="accueil-ligne') == 30
    assert "tapez quelques lettres du nom pour trouver les autres" in page
    found = client_membre.get(f"/ateliers/{atelier.pk}/accueil/recherche/", {"q": "nom34"}).content.decode()
    assert found.count('class="accueil-ligne') == 1


def test_an_unknown_action_on_registrations_changes_nothing(client_membre, atelier):
    page = client_membre.post(f"/ateliers/{atelier.pk}/inscriptions/fermeture/", {"action": "x"}, follow=True)
    assert "Action inconnue : rien n&#x27;a été modifié." in page.content.decode()
    atelier.refresh_from_db()
    assert atelier.inscriptions_fermees_le is None


def test_the_suggestions_are_rate_limited_too(client, ratelimit_clock):
    statuses = []
    for _ in range(121):
        response = client.get("/ateliers/inscription/collectivites/", {"collectivite": "Nérondes"})
        statuses.append("<option" in response.content.decode())
    assert statuses == [True] * 120 + [False]


def test_staff_cancel_one_registration_and_the_next_waiting_gets_the_seat(client_membre, atelier):
    martin = register(atelier, "Martin", "m@exemple.fr")
    register(atelier, "Bernard", "b@exemple.fr")
    petit = register(atelier, "Petit", "p@exemple.fr")
    page = client_membre.post(f"/ateliers/{atelier.pk}/inscriptions/{martin.pk}/annuler/", follow=True)
    assert "Inscription de Paul Martin annulée. Paul Petit sort de la liste d" in page.content.decode()
    martin.refresh_from_db()
    petit.refresh_from_db()
    assert (martin.etat, petit.etat) == ("annulee", "confirmee")
    assert Message.objects.filter(nature="desinscription", destinataire="m@exemple.fr").exists()


def test_behind_the_proxy_each_visitor_has_a_limit_of_their_own(atelier, ratelimit_clock, settings):
    """Gunicorn sees only the proxy: the client is the last hop the proxy appended."""
    settings.BEHIND_HTTPS_PROXY = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    statuses = [
        Client(**proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.9, 203.0.113.{n}")
        .post(url_publique(atelier), form_data(email=f"v{n}@exemple.fr"))
        .status_code
        for n in range(25)
    ]
    assert statuses == [302] * 25
    same = [
        Client(**proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 192.0.2.1")
        .post(url_publique(atelier), form_data(email=f"s{n}@exemple.fr"))
        .status_code
        for n in range(21)
    ]
    assert same == [302] * 20 + [429]


def test_without_the_proxy_a_forged_forwarded_header_changes_nothing(atelier, ratelimit_clock, settings):
    settings.BEHIND_HTTPS_PROXY = False
    statuses = [
        Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post(url_publique(atelier), form_data(email=f"f{n}@exemple.fr"))
        .status_code
        for n in range(21)
    ]
    assert statuses == [302] * 20 + [429]


def test_a_name_on_two_lines_is_refused_in_french_and_saves_nothing(client, atelier):
    response = client.post(url_publique(atelier), form_data(nom="Dupré\nSubject: spam"))
    assert response.status_code == 200
    assert "Ce champ tient sur une ligne" in response.content.decode()
    assert not Inscription.objects.exists()


def test_the_offer_is_accepted_from_ones_own_page(client, atelier):
    atelier.capacite, atelier.offre_heures = 1, 48
    atelier.save()
    first = register(atelier, "Martin", "m@exemple.fr")
    waiting = register(atelier, "Bernard", "b@exemple.fr")
    client.post(f"/ateliers/inscription/g/{first.jeton}/", {"annuler": "oui"})
    page = client.get(f"/ateliers/inscription/g/{waiting.jeton}/").content.decode()
    assert "Une place s’est libérée pour vous" in page or "Une place s'est libérée pour vous" in page
    client.post(f"/ateliers/inscription/g/{waiting.jeton}/", {"offre": "accepter"})
    waiting.refresh_from_db()
    assert waiting.etat == "confirmee"


def test_on_postgresql_the_rate_limit_count_commits_with_the_registration(client, atelier, monkeypatch):
    """One commit, not two, where a commit waits for the disk; on SQLite the request takes no
    write lock before its form is read (services.py takes it for the seat)."""
    from django.db import connection

    test_depth = len(connection.atomic_blocks)  # the test's own transaction
    depth_when_counted = []
    add = CompteursCache.add

    def add_and_see(cache, *args, **kwargs):
        depth_when_counted.append(len(connection.atomic_blocks) - test_depth)
        return add(cache, *args, **kwargs)

    monkeypatch.setattr(CompteursCache, "add", add_and_see)
    response = client.post(url_publique(atelier), form_data())
    assert response.status_code == 302 and Inscription.objects.count() == 1
    assert depth_when_counted == [1 if connection.vendor == "postgresql" else 0]
