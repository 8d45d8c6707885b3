"""A subject leaves encoded by the application itself (once per distinct subject, not by the
email package's quadratic encoder on every message): it must arrive whole, every line of the
header within the 78 characters of RFC 5322, on a real SMTP server."""

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import get_connection

from passerelles.courriels.expedition import build_email, encoded_header
from passerelles.courriels.services import queue_message
from passerelles.courriels.tests.smtp_loopback import Boite, free_port

pytestmark = pytest.mark.django_db

SUJETS = [
    "Invitation",
    "Inscription confirmée : Agir à l'international",
    "Atelier « coopération décentralisée » : vous êtes invitée\u202f! Réponse avant le 12\u00a0janvier "
    "— élus, agents, bénévoles : tous bienvenus à l'hôtel de ville de Châteauroux-les-Forges",
    "日本の姉妹都市との協力について、地域のネットワークが開催するワークショップのご案内です" * 2,
    "é" * 19 + "€" * 14,  # characters of two and three bytes straddling the limit of a word
]


@pytest.fixture
def boite():
    boite = Boite()
    controller = Controller(boite, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield boite, controller.port
    controller.stop()


def test_every_subject_arrives_whole_through_a_real_smtp_server_in_lines_of_at_most_78(reseau, boite):
    received, port = boite
    emails = []
    for n, sujet in enumerate(SUJETS):
        message, _ = queue_message(
            reseau=reseau,
            cle=f"entete:{n}",
            nature="confirmation",
            destinataire=f"personne{n}@example.org",
            sujet=sujet,
            corps="Bonjour,",
        )
        emails.append(build_email(message, reseau))
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port, use_tls=False
    )
    assert connection.send_messages(emails) == len(SUJETS)
    arrived = {message["To"]: message for message in received.recus}
    for n, email in enumerate(emails):
        message = arrived[f"personne{n}@example.org"]
        assert message["Subject"] == email.subject  # the typographed subject, every character of it
        raw = message.as_bytes().split(b"\n\n")[0].decode("ascii")
        assert all(len(line.rstrip("\r")) <= 78 for line in raw.split("\n")), raw


def test_an_ascii_subject_is_left_as_it_is_and_a_french_one_in_encoded_words_of_at_most_75():
    assert encoded_header("Invitation : atelier") == "Invitation : atelier"
    words = encoded_header(SUJETS[2]).split(" ")
    assert len(words) > 3 and all(w.startswith("=?utf-8?b?") and len(w) <= 64 for w in words)
