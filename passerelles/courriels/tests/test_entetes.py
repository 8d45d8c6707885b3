"""A subject leaves encoded by the application itself (once per distinct subject, not by the
email package's quadratic encoder on every message): it must arrive whole, every line of the
header within the 78 characters of RFC 5322, on a real SMTP server."""

import copy
import random
import smtplib
from email.errors import HeaderParseError
from email.policy import compat32

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import get_connection
from django.core.mail.message import sanitize_address

from passerelles.courriels import registre
from passerelles.courriels.expedition import QUICK_FOLDING, build_email, encoded_header, sender
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


def test_a_header_that_fits_on_its_line_is_written_as_compat32_writes_it():
    """The quick policy skips compat32's folding only where it would change nothing: on
    generated values of every printable character, spaces where they are trickiest (doubled,
    leading, trailing) and lengths around the line's limit."""
    rng = random.Random(23)
    printable = [chr(code) for code in range(0x20, 0x7F)]
    tricky = list(" ;,:=<>\"'()\t") + ["  ", "é", "\n ", "\x0b"]
    for _ in range(5_000):
        name = rng.choice(["To", "Subject", "Message-ID", "List-Unsubscribe-Post", "X"])
        length = rng.choice([rng.randint(0, 90), 78 - len(name) - 2 + rng.randint(-3, 3)])
        value = "".join(rng.choice(tricky if rng.random() < 0.1 else printable) for _ in range(length))
        for linesep in ("\n", "\r\n"):
            quick, plain = QUICK_FOLDING.clone(linesep=linesep), compat32.clone(linesep=linesep)
            assert _folded(quick, name, value) == _folded(plain, name, value), (name, value)


def _folded(policy, name: str, value: str) -> bytes | str:
    try:
        return policy.fold_binary(name, value)
    except HeaderParseError as refused:  # a line break followed by what reads as a header
        return str(refused)


RESEAUX = [
    {"nom": "CENTRAIDER"},
    {"nom": "Réseau « coopération » (démonstration)"},
    {"nom": 'Le "réseau", Centre', "expediteur_email": "contact@centraider.example.org"},
    {"nom": "CENTRAIDER", "expediteur_nom": "Équipe Centraider", "reponse_a": "equipe@centraider.fr"},
]


@pytest.mark.parametrize("fields", RESEAUX)
def test_a_message_is_written_byte_for_byte_as_django_writes_it_and_leaves_from_the_same_sender(
    reseau, fields, monkeypatch
):
    """What the sender spares (the From header encoded once per sender, the quick folding)
    changes nothing in what leaves: the same bytes as Django's own policy and From header,
    pictures and attachments included, and the same envelope sender."""
    picture = registre.Image("logo", b"\x89PNG fictive", "Logo du réseau")
    monkeypatch.setitem(registre._IMAGES, "logo", lambda message: picture)
    monkeypatch.setitem(registre._PIECES, "note", lambda message: ("note.txt", "Une note", "text/plain"))
    for name, value in fields.items():
        setattr(reseau, name, value)
    for n, (sujet, pieces) in enumerate(
        [(SUJETS[1], []), (SUJETS[2], ["logo", "note"]), (SUJETS[4], ["note"])]
    ):
        message, _ = queue_message(
            reseau=reseau,
            cle=f"octets:{n}",
            nature="confirmation",
            destinataire=f"personne{n}@example.org",
            sujet=sujet,
            corps="Bonjour,\n\nl'atelier : https://passerelles.example.org/ateliers/1/ !",
            pieces_jointes=pieces,
        )
        email = build_email(message, reseau)
        written = email.message()
        quick = written.as_bytes(linesep="\r\n")
        written.policy = compat32
        assert quick == written.as_bytes(linesep="\r\n")

        plain = copy.copy(email)  # as Django would write it: the sender as from_email, no From header
        plain.from_email = sender(reseau)
        plain.extra_headers = {name: value for name, value in email.extra_headers.items() if name != "From"}
        assert written["From"] == plain.message()["From"]
        envelope = [smtplib.quoteaddr(sanitize_address(e.from_email, "utf-8")) for e in (email, plain)]
        assert envelope[0] == envelope[1]
