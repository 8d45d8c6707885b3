"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can refuse
chosen addresses for a while or for good."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Boite:
    def __init__(self):
        self.recus: list[email.message.EmailMessage] = []
        self.refus: dict[str, str] = {}  # address -> SMTP reply, e.g. "550 5.1.1 Unknown user"
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refus.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.recus.append(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.recus]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server() -> tuple[Controller, Boite]:
    boite = Boite()
    controller = Controller(boite, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, boite


@pytest.fixture
def serveur_smtp(settings):
    """Django sends through SMTP to a server on loopback; yields its mailbox."""
    controller, boite = start_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    boite.port = controller.port
    yield boite
    controller.stop()
