"""Benchmark: the outbox drained by the worker, against plain smtplib, both to the same local
SMTP sink.

Run with `.venv/bin/python benchmarks/expedition.py [--court] [postgres-url]`. 2,000 invitations
(50 in short mode) are queued through `courriels.services.queue_messages`, then the worker
(`passerelles worker --batch`, as in production) sends them: claim each message, check the
address (failing, unsubscribed), build the email with its unsubscribe link, send, record.
The SMTP server is aiosmtpd's Sink in its own process on loopback, which accepts and drops.

Floor, measured in the same run: plain `smtplib` over one connection sending the same number
of messages (same sender, recipients, subject, body and headers) built with the standard
library's `email.message.EmailMessage` — the bare work of handing those messages to a server.

Target (issue 23): the worker's time ≤ 1.5× the floor's.
"""

import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage

from commun import database_argument, finish, setup_django, size, verdict

MESSAGES = size(2_000, 50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink() -> tuple[subprocess.Popen, int]:
    """aiosmtpd's Sink handler in its own process: the server's work does not share this
    process's interpreter with what is measured."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the SMTP sink did not start") from None
            time.sleep(0.1)


def queue(atelier) -> list[dict]:
    from passerelles.courriels.services import queue_messages

    messages = [
        {
            "cle": f"banc-expedition:{n}",
            "nature": "invitation",
            "destinataire": f"personne{n}@example.org",  # the demo réseau writes to fictitious addresses only
            "sujet": f"{atelier.titre} : vous êtes invitée",
            "corps": f"Bonjour Madame Nom{n},\n\n" + "Le réseau vous invite à son prochain atelier.\n" * 12,
            "objet": atelier,
        }
        for n in range(MESSAGES)
    ]
    assert queue_messages(reseau=atelier.reseau, messages=messages) == MESSAGES
    return messages


def drain() -> float:
    from django.core.management import call_command

    from passerelles.courriels.expedition import send_pending
    from passerelles.courriels.models import EtatMessage, Message

    send_pending.enqueue()
    started = time.perf_counter()
    call_command("worker", batch=True, interval=0, verbosity=0)
    elapsed = time.perf_counter() - started
    sent = Message.objects.filter(cle__startswith="banc-expedition:", etat=EtatMessage.ENVOYE).count()
    assert sent == MESSAGES, f"{sent} of {MESSAGES} sent"
    return elapsed


def floor(port: int, messages: list[dict]) -> float:
    from django.conf import settings

    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n, fields in enumerate(messages):
            email = EmailMessage()
            email["Subject"], email["From"], email["To"] = (
                fields["sujet"],
                settings.DEFAULT_FROM_EMAIL,
                fields["destinataire"],
            )
            email["Message-ID"] = f"<banc-{n}@passerelles.local>"
            email["List-Unsubscribe"] = f"<{settings.SITE_URL}/desabonnement/{n}/>"
            email.set_content(fields["corps"])
            smtp.send_message(email)
    return time.perf_counter() - started


def main() -> None:
    server, port = start_sink()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            setup_django(database_argument(tmp))
            from django.conf import settings
            from django.core.management import call_command

            from passerelles.ateliers.preparation.models import Atelier

            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
            settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
            # What the demo left queued (its mails, its jobs) goes first, untimed: the timed run
            # sends only the benchmark's messages.
            call_command("worker", batch=True, interval=0, verbosity=0)
            messages = queue(Atelier.objects.filter(reseau__slug="centraider").latest("date"))
            worker = drain()
            bare = floor(port, messages)
    finally:
        server.terminate()
        server.wait()
    print(f"worker: {MESSAGES / worker:.0f} messages/s; plain smtplib: {MESSAGES / bare:.0f} messages/s")
    verdict(
        f"outbox of {MESSAGES} messages drained by the worker",
        worker,
        "s",
        floor=bare,
        target=1.5,
        ratio_target=True,
    )
    finish()


if __name__ == "__main__":
    main()
