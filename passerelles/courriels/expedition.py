"""Sending the outbox in the background worker (`services.kick()` asks for a run).

Messages are claimed a batch at a time in one statement (on PostgreSQL, rows another run
holds are skipped; SQLite has one writer at a time), marked « en cours » with the claim time
and the worker's id. Just before each is sent, one UPDATE counts the attempt and renews its
claim — only if the claim is still this worker's, so a message another run took back
meanwhile is left to it — and marks « envoyé » the message sent just before: the one write
between two sends (`ecritures`), which is what keeps the guarantee below.
A worker killed between sending and marking leaves a claim that the next run takes back once
its lease is over: that one message may then arrive twice, with the same Message-ID, never
any other; the rest of its batch was not attempted and goes out once.
"""

import base64
import os
import re
import smtplib
import socket
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from email.mime.image import MIMEImage
from email.policy import Compat32
from email.utils import formataddr, parseaddr
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEMultipart, forbid_multi_line_headers
from django.db import connection, transaction
from django.db.models import Min, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from passerelles.contacts.models import Contact
from passerelles.core.francais import date_longue, heure, typographie
from passerelles.core.models import Reseau
from passerelles.core.travaux import mark_task_rows_dead, queue_in_database, running_task_rows

from . import registre
from .adresses import adresse_fictive
from .desabonnement import unsubscribe_url
from .ecritures import Ecritures, mark_sent_and_attempt
from .models import AdresseEnEchec, EtatMessage, Message

REFUS_DEMONSTRATION = (
    "Non envoyé : un réseau de démonstration n'écrit qu'à des adresses fictives (example.org, .test, "
    ".invalid…), jamais à une adresse réelle."
)
POUR_NE_PLUS_RECEVOIR = "Pour ne plus recevoir nos messages :"
MAX_ATTEMPTS = 8
# Messages claimed at once. The claim and the reading of the batch's addresses cost about 7 ms
# a batch on PostgreSQL (batches of 25 made a mailing 5 % slower). A batch is also what a
# killed worker leaves waiting for its lease, and what a crash of the database server itself
# may send twice (see `commits_not_awaited`).
BATCH = 50
HEURE = timedelta(hours=1)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def kick() -> None:
    """Asks the worker to send what is waiting, once the caller's transaction commits."""
    transaction.on_commit(lambda: send_pending.enqueue())


def lease() -> timedelta:
    """How long a claim holds before another run may take the message back."""
    return timedelta(seconds=settings.ENVOIS_BAIL_SECONDES)


@task()
def send_pending() -> int:
    worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
    sent = 0
    session = SmtpSession()
    try:
        while batch := claim_batch(worker, size=allowance()):
            with commits_not_awaited():
                sent += send_batch(batch, Lot.of(batch), session)
    finally:
        session.close()
    schedule_next_run()
    return sent


def send_batch(batch: list[Message], lot: "Lot", session: "SmtpSession") -> int:
    """Sends the claimed messages one after the other and records each outcome; returns how
    many left. A message that left is marked « envoyé » by the next attempt's write (or
    alone after the last one): still before anything else is sent."""
    sent = 0
    left = None  # the message that just left, not yet marked
    writes = Ecritures(lease())
    for message in batch:
        refusal = lot.refusal(message)
        # Built before the write, whose reply may still be on its way during the send.
        email = None if refusal else build_email(message, lot.reseaux[message.reseau_id])
        ours = writes.attempt(sent=left, attempted=message, sending=email is not None)
        left = None
        if not ours:
            continue  # another run took it back meanwhile
        if refusal:
            _record(message, EtatMessage.ECHEC, erreur=refusal)
            continue
        failure = _send(session, email, writes)
        if failure is not None:
            _record_failure(message, failure)
            session.close()  # a refused or broken session is not reused
            continue
        sent += 1
        left = message
    if left is not None:
        mark_sent_and_attempt(sent=left, attempted=None)
    return sent


def _send(session: "SmtpSession", email, writes: Ecritures) -> Exception | None:
    """Sends, then reads the reply of the attempt's write; returns why the send failed."""
    try:
        session.send(email)
    except Exception as exc:
        return exc
    finally:
        writes.settle()
    return None


class SmtpSession:
    """One SMTP session for the whole run: Django's backend, left to itself, opens and closes
    a connection around every message. A server that cannot be reached now is tried again by
    the send, which records why it failed."""

    def __init__(self):
        self.connection = None

    def send(self, email) -> None:
        if self.connection is None:
            self.connection = get_connection()
            with suppress(OSError, smtplib.SMTPException):
                self.connection.open()
        self.connection.send_messages([email])

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@contextmanager
def commits_not_awaited():
    """On PostgreSQL, the writes of a batch do not wait for the disk (`synchronous_commit`
    off): each still reaches the server before the next message is sent, so a killed worker
    repeats at most its message in flight, as before; only a crash of the database server
    itself may lose the last of them, those of one batch at most, since the next claim's
    commit waits for the disk, and everything written before it with it. SQLite already
    commits so (`synchronous=NORMAL`). Waiting for the disk cost a few milliseconds per
    message, more than sending it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def allowance(now=None) -> int:
    """How many messages may leave now: relays cap sending per hour (`ENVOIS_PAR_HEURE`,
    0 for no cap), counted over every message sent in the last hour."""
    limit = settings.ENVOIS_PAR_HEURE
    if not limit:
        return BATCH
    since = (now or timezone.now()) - HEURE
    return max(min(limit - Message.objects.filter(envoye_le__gte=since).count(), BATCH), 0)


def claim_batch(worker: str, size: int = BATCH, now=None) -> list[Message]:
    """Claims the next messages due, or whose claim outlived its lease, in one statement: a
    run pays one round trip per batch, not four (the transaction, the reading, the marking).
    In SQL: the ORM cannot update and return rows at once."""
    if size <= 0:
        return []
    now = now or timezone.now()
    table = connection.ops.quote_name(Message._meta.db_table)
    lock = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    when, lease_start = (connection.ops.adapt_datetimefield_value(moment) for moment in (now, now - lease()))
    batch = Message.objects.raw(
        f"UPDATE {table} SET etat = %s, reclame_le = %s, reclame_par = %s WHERE id IN ("
        f" SELECT id FROM {table}"
        " WHERE (etat = %s AND (prochain_essai IS NULL OR prochain_essai <= %s))"
        " OR (etat = %s AND reclame_le < %s)"
        f" ORDER BY id LIMIT %s{lock})"
        " RETURNING *",
        [EtatMessage.EN_COURS.value, when, worker, EtatMessage.EN_ATTENTE.value, when]
        + [EtatMessage.EN_COURS.value, lease_start, size],
    )
    return sorted(batch, key=lambda message: message.pk)


@dataclass
class Lot:
    """What deciding and writing a batch of messages needs, read at once: failing addresses,
    people who unsubscribed or were erased, the réseaux' names."""

    failing: dict[tuple[int, str], object]
    unsubscribed_contacts: set[int]
    unsubscribed_emails: set[tuple[int, str]]
    reseaux: dict[int, Reseau]

    @classmethod
    def of(cls, batch: list[Message]) -> "Lot":
        reseaux = {message.reseau_id for message in batch}
        emails = {message.destinataire.lower() for message in batch}
        failing = (
            AdresseEnEchec.objects.filter(reseau_id__in=reseaux)
            .annotate(adresse=Lower("email"))
            .filter(adresse__in=emails)
            .values_list("reseau_id", "adresse", "depuis")
        )
        named = Q(pk__in={message.contact_id for message in batch if message.contact_id})
        gone = list(
            Contact.objects.filter(reseau_id__in=reseaux)
            .annotate(adresse=Lower("email"))
            .filter(named | Q(adresse__in=emails))
            .filter(Q(desinscrit_le__isnull=False) | Q(efface_le__isnull=False))
            .values_list("pk", "reseau_id", "adresse")
        )
        return cls(
            failing={(reseau_id, adresse): depuis for reseau_id, adresse, depuis in failing},
            unsubscribed_contacts={pk for pk, _, _ in gone},
            unsubscribed_emails={(reseau_id, adresse) for _, reseau_id, adresse in gone},
            reseaux=Reseau.objects.in_bulk(reseaux),
        )

    def refusal(self, message: Message) -> str:
        """Why this message must not leave, in French, or an empty string."""
        address = (message.reseau_id, message.destinataire.lower())
        if self.reseaux[message.reseau_id].demonstration and not adresse_fictive(message.destinataire):
            return REFUS_DEMONSTRATION
        if address in self.failing:
            since = date_longue(timezone.localdate(self.failing[address]))
            return f"Non envoyé : adresse en échec depuis le {since}."
        unsubscribed = message.contact_id in self.unsubscribed_contacts or address in self.unsubscribed_emails
        if registre.est_diffusion(message.nature) and unsubscribed:
            return "Non envoyé : la personne s'est désinscrite ou a été effacée."
        return ""


def build_email(message: Message, reseau: Reseau) -> EmailMultiAlternatives:
    """The message in the réseau's own voice: its name and address as sender, replies to the
    réseau, text and a sober HTML version, French typography in both."""
    link = unsubscribe_url(message)
    corps = typographie(message.corps.rstrip())
    footer = repeated_typographie(
        f"Ce message vous est adressé par {reseau.nom}.\nPour ne plus recevoir nos messages :"
    )
    replies = reseau.reponse_a or reseau.expediteur_email
    images = registre.images(message)
    envelope_sender, from_header = sender_headers(sender(reseau), settings.DEFAULT_CHARSET)
    email = EmailWithPictures(
        images=images,
        subject=repeated_typographie(message.sujet),
        body=f"{corps}\n\n-- \n{footer} {link}\n",
        from_email=envelope_sender,
        to=[message.destinataire],
        reply_to=[replies] if replies else None,
        headers={
            "From": from_header,
            "Message-ID": message.message_id,
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = {
        "reseau": reseau.nom,
        "corps": corps,
        "pied": footer,
        "lien": link,
        "sujet": email.subject,
        "images": images,
    }
    email.attach_alternative(render_to_string("courriels/documents/message.html", html), "text/html")
    for piece in registre.pieces(message):
        email.attach(*piece)
    return email


# The subject and the footer are those of every message of a mailing: typographed once.
repeated_typographie = lru_cache(maxsize=256)(typographie)


class EmailWithPictures(EmailMultiAlternatives):
    """The HTML part travels with its pictures as multipart/related (RFC 2387), inside the
    text/HTML alternative: mail clients show them in the message, not as loose attachments,
    and the text part stays whole for those that read text only."""

    def __init__(self, *args, images=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.images = list(images)

    def message(self):
        # The subject goes to Django already encoded, which it then keeps as it is: Python's
        # email package encodes a non-ASCII header in time quadratic in its length, once per
        # message, where a mailing repeats one subject on every message.
        subject, self.subject = self.subject, encoded_header(self.subject)
        try:
            msg = super().message()
        finally:
            self.subject = subject
        msg.policy = QUICK_FOLDING  # the generator writes every part with the root's policy
        return msg

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.images or not self.alternatives:
            return msg
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
        related.attach(msg.get_payload().pop())  # the HTML part
        for image in self.images:
            part = MIMEImage(image.contenu, _subtype="png")
            part["Content-ID"] = f"<{image.cid}>"
            part["Content-Disposition"] = f'inline; filename="{image.nom}.png"'
            related.attach(part)
        msg.attach(related)
        return msg


class QuickFolding(Compat32):
    """The policy Django's messages have (compat32), but a header that fits on its line in
    printable ASCII is written as it is, which compat32 would also do, only after building a
    `Header` to fold it: a tenth of a millisecond each, for a dozen such headers a message.
    The others are still folded by compat32."""

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and self.max_line_length
            and len(name) + 2 + len(value) <= self.max_line_length
            and PRINTABLE_ASCII.fullmatch(value)
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")
QUICK_FOLDING = QuickFolding()


# An encoded-word may hold 75 characters (RFC 2047); these hold 64, « =?utf-8?b?…?= » around
# the base64 of 39 bytes of text, so that the first fits on its line after « Subject: »
# (else the line is folded before it, and readers show the subject after a space).
ENCODED_WORD_BYTES = 39


@lru_cache(maxsize=256)
def encoded_header(text: str) -> str:
    """`text` as UTF-8 encoded-words separated by spaces, where the header may be folded
    (a reader joins adjacent encoded-words without the space); ASCII text as it is."""
    if text.isascii():
        return text
    chunks, chunk = [], b""
    for character in text:  # never splits a character across two words
        encoded = character.encode()
        if len(chunk) + len(encoded) > ENCODED_WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += encoded
    chunks.append(chunk)
    return " ".join(f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks)


@lru_cache(maxsize=256)
def sender_headers(sender: str, charset: str) -> tuple[str, str]:
    """The envelope's sender (the address alone) and the From header as Django writes it,
    once per sender rather than once per message: Django parses the address and encodes a
    name with accents every time, in time that counts against sending the message."""
    return parseaddr(sender)[1], forbid_multi_line_headers("From", sender, charset)[1]


def sender(reseau: Reseau) -> str:
    """« Name <address> »: the réseau's sender, else its name on the site's default address."""
    return _mailbox(reseau.expediteur_nom or reseau.nom, reseau.expediteur_email, settings.DEFAULT_FROM_EMAIL)


@lru_cache(maxsize=256)
def _mailbox(name: str, address: str, default: str) -> str:
    """Once per réseau: parsing and formatting addresses counts against sending each message."""
    return formataddr((name, address or parseaddr(default)[1]))


def _record_failure(message: Message, exc: Exception) -> None:
    code, text = _smtp_reply(exc)
    if code is not None and 500 <= code < 600:
        AdresseEnEchec.objects.get_or_create(
            reseau_id=message.reseau_id,
            email=message.destinataire.lower(),
            defaults={"erreur": f"{code} {text}"[:1000]},
        )
        _record(
            message,
            EtatMessage.REJETE,
            erreur=f"Adresse refusée par le serveur de messagerie ({code}) : {text}",
        )
        return
    reason = f"refus temporaire du serveur ({code}) : {text}" if code else _connection_problem(exc)
    if message.tentatives >= MAX_ATTEMPTS:
        _record(message, EtatMessage.ECHEC, erreur=f"Abandonné après {message.tentatives} essais : {reason}.")
        return
    retry_at = timezone.now() + retry_delay(message.tentatives)
    local = timezone.localtime(retry_at)
    _record(
        message,
        EtatMessage.EN_ATTENTE,
        prochain_essai=retry_at,
        erreur=f"Essai n° {message.tentatives} : {reason} ; nouvel essai le "
        f"{date_longue(local.date())} à {heure(local.time())}.",
    )


def retry_delay(attempts: int) -> timedelta:
    """One minute, then twice as long after each failure, at most six hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _smtp_reply(exc: Exception) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = max(exc.recipients.values())
        return code, _decode(text)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code, _decode(exc.smtp_error)
    return None, ""


def _decode(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _connection_problem(exc: Exception) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "serveur de messagerie injoignable (connexion refusée)"
    if isinstance(exc, (smtplib.SMTPServerDisconnected, TimeoutError, socket.timeout)):
        return "connexion au serveur de messagerie interrompue"
    if isinstance(exc, OSError):
        return "serveur de messagerie injoignable"
    return f"erreur inattendue ({type(exc).__name__})"


def _record(message: Message, etat: str, **fields) -> None:
    message.etat = etat
    for name, value in fields.items():
        setattr(message, name, value)
    Message.objects.filter(pk=message.pk).update(etat=etat, **fields)


def schedule_next_run() -> None:
    """Queues the next run for the earliest retry or lease end, so nothing waits for a kick."""
    now = timezone.now()
    retry = Message.objects.filter(etat=EtatMessage.EN_ATTENTE).aggregate(at=Min("prochain_essai"))["at"]
    if Message.objects.filter(etat=EtatMessage.EN_ATTENTE, prochain_essai__isnull=True).exists():
        retry = now
    if retry is not None and retry <= now and not allowance(now):
        retry = _cap_lifted()
    claim = Message.objects.filter(etat=EtatMessage.EN_COURS).aggregate(at=Min("reclame_le"))["at"]
    moments = [moment for moment in (retry, claim and claim + lease()) if moment is not None]
    if not moments or _already_planned(min(moments)):
        return
    when = min(moments)
    if when <= now:
        send_pending.enqueue()
    elif send_pending.get_backend().supports_defer:  # else the next kick will do
        send_pending.using(run_after=when).enqueue()


def _cap_lifted():
    """When the oldest message of the last hour leaves the count, freeing a place."""
    oldest = Message.objects.filter(envoye_le__gte=timezone.now() - HEURE).aggregate(at=Min("envoye_le"))[
        "at"
    ]
    return (oldest or timezone.now()) + HEURE


def _already_planned(when) -> bool:
    if not queue_in_database():
        return False
    from django_tasks_db.models import DBTaskResult, get_date_max

    return (
        DBTaskResult.objects.filter(task_path=send_pending.module_path, status="READY")
        .filter(Q(run_after__lte=when) | Q(run_after=get_date_max()))
        .exists()
    )


def recover_outbox(now=None) -> None:
    """Run when a worker starts, then every minute: takes up the messages a killed worker left
    claimed, and marks its run failed in the queue."""
    _mark_dead_runs(now or timezone.now())
    schedule_next_run()


def _mark_dead_runs(now) -> None:
    """A sending run claims message after message, each claim fresh: a run RUNNING for longer
    than a lease while no claim is fresh has died (a live one finishes or claims again)."""
    running = running_task_rows(send_pending.module_path)
    if (
        running is None
        or Message.objects.filter(etat=EtatMessage.EN_COURS, reclame_le__gte=now - lease()).exists()
    ):
        return
    mark_task_rows_dead(running.filter(started_at__lt=now - lease()), now)
