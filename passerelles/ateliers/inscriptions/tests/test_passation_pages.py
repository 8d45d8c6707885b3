# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""Passing a registration on, from the public pages: the registrant's management page, the
colleague's confirmation page, and the emails as a real SMTP server receives them."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401
from passerelles.territoires.models import Collectivite

from .outils import register_processed

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
        capacite=1,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


@pytest.fixture
def inscription(atelier):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    personne = Personne(nom="Martin", prenom="Camille", email="martin@nerondes.fr", collectivite=nerondes)
    return register_processed(atelier, personne, SITE)


def gerer(inscription) -> str:
    return f"/ateliers/inscription/g/{inscription.jeton}/"


def colleague_data(**changes) -> dict:
    data = {"civilite": "Mme", "prenom": "Lucie", "nom": "Moreau", "role": "", "email": "lucie@nerondes.fr"}
    return {**data, **changes}


def test_the_management_page_offers_to_pass_the_seat_to_a_colleague_of_the_collectivite(client, inscription):
    html = client.get(gerer(inscription)).content.decode()
    assert "Transmettre ma place à un·e collègue" in html
    assert "Un·e collègue de Nérondes peut venir à votre place" in html
    assert f'action="{gerer(inscription)}transmettre/"' in html


def test_proposing_says_who_was_written_to_and_the_page_shows_it_pending(client, inscription):
    response = client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    assert response.status_code == 302 and response["Location"] == gerer(inscription)
    html = client.get(gerer(inscription)).content.decode()
    assert "Nous avons écrit à Lucie Moreau." in html
    assert "Vous avez proposé votre place à Lucie Moreau (lucie@nerondes.fr). Nous attendons sa" in html
    assert "Votre inscription est confirmée" in html


def test_a_refused_proposal_shows_the_french_reason_on_the_page(client, atelier, inscription):
    response = client.post(f"{gerer(inscription)}transmettre/", colleague_data(email="martin@nerondes.fr"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cette personne est déjà inscrite à l&#x27;atelier" in html
    assert '<details class="public-annuler" id="transmettre" open>' in html
    response = client.post(
        f"{gerer(inscription)}transmettre/", colleague_data(email="pas une adresse", nom="")
    )
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Passation.objects.exists()


def test_a_cancelled_registration_offers_nothing_to_pass_on(client, inscription):
    services.inscription_cancel(inscription=inscription, site_url=SITE)
    assert "Transmettre ma place" not in client.get(gerer(inscription)).content.decode()
    response = client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    assert response.status_code == 400
    assert "Cette inscription est annulée" in response.content.decode()


def test_the_colleague_confirms_with_consent_unticked_and_lands_on_their_own_page(client, inscription):
    client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    proposal = Passation.objects.get()
    page = client.get(f"/ateliers/inscription/t/{proposal.jeton}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Camille Martin vous propose sa place" in html
    consent = re.search(r'<input[^>]*name="consentement"[^>]*>', html).group(0)
    assert "checked" not in consent
    response = client.post(
        f"/ateliers/inscription/t/{proposal.jeton}/", {"besoins": "", "consentement": "on"}
    )
    inscription.refresh_from_db()
    assert response["Location"] == gerer(inscription)
    assert (inscription.nom, inscription.consentement) == ("Moreau", True)
    html = client.get(response["Location"]).content.decode()
    assert "L&#x27;inscription est à votre nom." in html and "lucie@nerondes.fr" in html


def test_the_first_persons_old_links_no_longer_open_the_registration(client, atelier, inscription):
    invitation = Invitation.objects.create(reseau=atelier.reseau, atelier=atelier, email="martin@nerondes.fr")
    Inscription.objects.filter(pk=inscription.pk).update(invitation=invitation)
    old = gerer(inscription)
    client.post(f"{old}transmettre/", colleague_data())
    client.post(f"/ateliers/inscription/t/{Passation.objects.get().jeton}/", {"besoins": ""})
    assert client.get(old).status_code == 404
    personal = client.get(f"/ateliers/inscription/i/{invitation.jeton}/")
    assert personal.status_code == 200 and "lucie@nerondes.fr" not in personal.content.decode()


def test_a_used_or_expired_link_says_so_and_offers_no_form(client, inscription):
    client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    proposal = Passation.objects.get()
    Passation.objects.filter(pk=proposal.pk).update(expire_le=timezone.now() - datetime.timedelta(hours=1))
    html = client.get(f"/ateliers/inscription/t/{proposal.jeton}/").content.decode()
    assert "Ce lien a expiré" in html and "Je prends la place" not in html
    response = client.post(f"/ateliers/inscription/t/{proposal.jeton}/", {"besoins": ""})
    assert response.status_code == 400 and "Ce lien a expiré" in response.content.decode()
    assert Inscription.objects.get(pk=inscription.pk).nom == "Martin"


@pytest.mark.parametrize("path", ["/ateliers/inscription/t/{}/", "/ateliers/inscription/g/{}/transmettre/"])
@pytest.mark.parametrize("token", ["x" * 32, "x" * 5, "%00" * 20])
def test_a_forged_link_is_a_404(client, path, token):
    assert client.post(path.format(token), colleague_data()).status_code == 404


@pytest.mark.parametrize(
    "values",
    [
        {"prenom": "a\r\nb", "nom": "x", "email": "a@b.fr"},
        {"prenom": "x" * 5000, "nom": "\x00", "email": "a@b.fr", "role": "abc", "civilite": "Zz"},
        {"prenom": "Lucie", "nom": "Moreau", "email": "lucie@nerondes.fr", "role": "99999999999999999999"},
    ],
)
def test_hostile_values_get_french_messages_never_a_server_error(client, inscription, values):
    client.raise_request_exception = False
    response = client.post(f"{gerer(inscription)}transmettre/", values)
    assert response.status_code == 400
    client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    confirmation = f"/ateliers/inscription/t/{Passation.objects.get().jeton}/"
    for hostile in ({"besoins": "x" * 5000}, {"consentement": "a\r\nb", "besoins": "\x00"}):
        assert client.post(confirmation, hostile).status_code < 500


def test_every_email_of_a_transfer_reaches_a_real_smtp_server(
    client, inscription, serveur_smtp, django_capture_on_commit_callbacks
):
    call_command("worker", batch=True, interval=0, verbosity=0)  # Camille's own confirmation
    serveur_smtp.recus.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{gerer(inscription)}transmettre/", colleague_data())
    call_command("worker", batch=True, interval=0, verbosity=0)
    [proposal_mail] = serveur_smtp.recus
    assert proposal_mail["To"] == "lucie@nerondes.fr"
    body = proposal_mail.get_body(("plain",)).get_content()
    link = re.search(r"http://testserver(/ateliers/inscription/t/[\w-]+/)", body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"besoins": ""})
    call_command("worker", batch=True, interval=0, verbosity=0)
    # Subjects leave typeset: no-break space before the colon, typographic apostrophe.
    received = {(m["To"], str(m["Subject"]).strip()) for m in serveur_smtp.recus[1:]}
    assert received == {
        ("lucie@nerondes.fr", "Inscription confirmée\u00a0: Agir à l’international"),
        ("martin@nerondes.fr", "Votre inscription est transmise\u00a0: Agir à l’international"),
    }
    confirmation = next(m for m in serveur_smtp.recus if "confirmée" in m["Subject"])
    assert [part.get_filename() for part in confirmation.iter_attachments()] == ["atelier.ics"]
