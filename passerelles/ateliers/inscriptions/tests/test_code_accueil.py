# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""The check-in code of a registration: its own unguessable token, carried as a QR code inside
the confirmation and promotion emails, and typed as a short code from their text part."""

import datetime
import io

import pytest
import zxingcpp
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import ALPHABET_ACCUEIL
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.courriels.models import Message
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401

from .outils import register_processed

pytestmark = pytest.mark.django_db
SITE = "https://passerelles.example.org"


@pytest.fixture
def atelier(reseau, membre):
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


def register(atelier, nom, email):
    personne = Personne(nom=nom, prenom="Camille", email=email, structure="Jumelage de Nérondes")
    return register_processed(atelier, personne, SITE)


def send_outbox(callbacks):
    with callbacks(execute=True):
        call_command("worker", batch=True, interval=0, verbosity=0)


def decoded_qr_codes(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def parts_of(received, content_type: str) -> list:
    return [part for part in received.walk() if part.get_content_type() == content_type]


def test_each_registration_has_its_own_check_in_code_unrelated_to_its_management_link(atelier):
    first = register(atelier, "Martin", "martin@exemple.fr")
    second = register(atelier, "Bernard", "bernard@exemple.fr")
    assert first.jeton_accueil != second.jeton_accueil
    assert len(first.jeton_accueil) == 12 and set(first.jeton_accueil) <= set(ALPHABET_ACCUEIL)
    assert first.jeton_accueil not in first.jeton
    assert first.code_accueil == "-".join(
        (first.jeton_accueil[:4], first.jeton_accueil[4:8], first.jeton_accueil[8:])
    )


def test_the_confirmation_received_by_smtp_shows_a_qr_code_of_the_check_in_code_inside_its_html(
    atelier, serveur_smtp, django_capture_on_commit_callbacks
):
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    send_outbox(django_capture_on_commit_callbacks)

    [received] = serveur_smtp.recus
    assert received.get_content_type() == "multipart/mixed"
    [related] = parts_of(received, "multipart/related")
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html" and image.get_content_type() == "image/png"
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in html.get_content()
    assert f'alt="Code QR d&#x27;accueil : {inscription.code_accueil}"' in html.get_content()
    assert decoded_qr_codes(image.get_content()) == [inscription.jeton_accueil]
    [text] = parts_of(received, "text/plain")
    assert f"donnez ce code\xa0: {inscription.code_accueil}" in text.get_content()
    assert [part.get_filename() for part in parts_of(received, "text/calendar")] == ["atelier.ics"]


def test_a_person_promoted_from_the_waiting_list_receives_their_qr_code_too(
    atelier, serveur_smtp, django_capture_on_commit_callbacks
):
    first = register(atelier, "Martin", "martin@exemple.fr")
    waiting = register(atelier, "Bernard", "bernard@exemple.fr")
    waiting_message = Message.objects.get(destinataire="bernard@exemple.fr")
    assert "qr_accueil" not in waiting_message.pieces_jointes  # no seat yet, nothing to show

    services.inscription_cancel(inscription=first, site_url=SITE)
    send_outbox(django_capture_on_commit_callbacks)

    [promotion] = [
        m for m in serveur_smtp.recus if m["To"] == "bernard@exemple.fr" and "libérée" in m["Subject"]
    ]
    [image] = parts_of(promotion, "image/png")
    assert decoded_qr_codes(image.get_content()) == [waiting.jeton_accueil]
    assert waiting.code_accueil in parts_of(promotion, "text/plain")[0].get_content()


def test_a_registration_cancelled_before_its_confirmation_left_sends_no_qr_code(
    atelier, serveur_smtp, django_capture_on_commit_callbacks
):
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    inscription.etat = "annulee"
    inscription.save(update_fields=["etat"])
    send_outbox(django_capture_on_commit_callbacks)

    confirmation = next(m for m in serveur_smtp.recus if "confirmée" in m["Subject"])
    assert parts_of(confirmation, "image/png") == []
    assert parts_of(confirmation, "multipart/related") == []
