"""Bounces that arrive after the SMTP session, as delivery status notifications (RFC 3464)
in the mailbox that receives the réseaux' returns: a permanent failure (status 5.x.x) of a
message we sent marks its address failing for that réseau, and the message « rejeté », as a
refusal during the session does. Messages are matched by the Message-ID the report quotes;
a report about a message we do not know is left alone."""

import email
import imaplib
import mailbox
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message as EmailMessage
from email.parser import HeaderParser

from django.db import transaction

from .models import AdresseEnEchec, EtatMessage, Message


@dataclass(frozen=True)
class Rebond:
    destinataire: str
    statut: str
    message_id: str
    diagnostic: str


def rebonds_of(report: EmailMessage) -> list[Rebond]:
    """The permanent failures a delivery status notification reports."""
    if report.get_content_type() != "multipart/report":
        return []
    message_id, failures = "", []
    for part in report.walk():
        if part.get_content_type() == "message/delivery-status":
            failures = [block for block in part.get_payload()[1:] if _failed(block)]
        elif part.get_content_type() in ("text/rfc822-headers", "message/rfc822"):
            message_id = message_id or _quoted_message_id(part)
    return [
        Rebond(
            destinataire=block.get("Final-Recipient", "").split(";")[-1].strip().lower(),
            statut=block.get("Status", "").strip(),
            message_id=message_id,
            diagnostic=" ".join(block.get("Diagnostic-Code", "").split(";")[-1].split()),
        )
        for block in failures
        if message_id
    ]


def _failed(block) -> bool:
    return block.get("Action", "").strip().lower() == "failed" and block.get("Status", "").strip().startswith(
        "5"
    )


def _quoted_message_id(part: EmailMessage) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):  # message/rfc822: the original message itself
        return (payload[0].get("Message-ID") or "").strip()
    text = part.get_payload(decode=True) or b""
    return (HeaderParser().parsestr(text.decode("utf-8", "replace")).get("Message-ID") or "").strip()


@transaction.atomic
def record(rebond: Rebond) -> bool:
    """Marks the address and the message; False when the message is not one of ours."""
    message = Message.objects.filter(message_id=rebond.message_id).first()
    if message is None or message.destinataire.lower() != rebond.destinataire:
        return False
    raison = f"{rebond.statut} {rebond.diagnostic}".strip()
    AdresseEnEchec.objects.get_or_create(
        reseau_id=message.reseau_id, email=rebond.destinataire, defaults={"erreur": raison[:1000]}
    )
    if message.etat != EtatMessage.REJETE:
        message.etat = EtatMessage.REJETE
        message.erreur = f"Adresse refusée après l'envoi (avis de non-remise, retour {raison})."
        message.save(update_fields=["etat", "erreur"])
    return True


def read_reports(reports: Iterable[EmailMessage]) -> int:
    """Records every permanent failure of the reports; returns how many addresses of ours."""
    return sum(record(rebond) for report in reports for rebond in rebonds_of(report))


def mbox_reports(path: str) -> Iterable[EmailMessage]:
    return iter(mailbox.mbox(path, create=False))


def maildir_reports(path: str) -> Iterable[EmailMessage]:
    return iter(mailbox.Maildir(path, create=False))


def imap_reports(*, host: str, user: str, password: str, folder: str = "INBOX") -> Iterable[EmailMessage]:
    """The unseen messages of an IMAP folder (over TLS); reading them marks them seen."""
    with imaplib.IMAP4_SSL(host) as client:
        client.login(user, password)
        client.select(folder)
        _, found = client.search(None, "UNSEEN")
        for number in found[0].split():
            _, data = client.fetch(number, "(RFC822)")
            yield email.message_from_bytes(data[0][1])
