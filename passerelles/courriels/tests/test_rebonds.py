"""Bounces that arrive later in a mailbox (delivery status notifications, RFC 3464) mark the
address failing for the réseau that wrote to it, as a refusal during the SMTP session does."""

import email
import mailbox
from email.message import EmailMessage

import pytest
from django.core.management import call_command

from passerelles.courriels.models import AdresseEnEchec, Message
from passerelles.courriels.services import queue_message

pytestmark = pytest.mark.django_db


def dsn(*, recipient: str, status: str, message_id: str, action: str = "failed"):
    """A delivery status notification as mail servers write it: a human part, the
    machine-readable report, and the headers of the message that bounced."""
    raw = f"""From: MAILER-DAEMON@mx.bourges.example
To: bounces@passerelles.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain; charset=utf-8

This is the mail system at host mx.bourges.example. I'm sorry to have to inform you...

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.bourges.example

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 {status} User unknown

--B
Content-Type: text/rfc822-headers

Message-ID: {message_id}
To: {recipient}
Subject: Invitation

--B--
"""
    return email.message_from_string(raw)


def sent(reseau, destinataire: str) -> Message:
    message, _ = queue_message(
        reseau=reseau,
        cle=f"t:{reseau.slug}:{destinataire}",
        nature="invitation",
        destinataire=destinataire,
        sujet="s",
        corps="c",
    )
    Message.objects.filter(pk=message.pk).update(etat="envoye")
    return message


def test_a_permanent_bounce_marks_the_address_failing_for_the_reseau_that_wrote(
    reseau, autre_reseau, tmp_path
):
    ours = sent(reseau, "ancien.maire@bourges.example")
    delayed = sent(reseau, "plein@bourges.example")
    theirs = sent(autre_reseau, "ancien.maire@bourges.example")
    box = mailbox.mbox(tmp_path / "rebonds.mbox")
    box.add(dsn(recipient="ancien.maire@bourges.example", status="5.1.1", message_id=ours.message_id))
    box.add(
        dsn(
            recipient="plein@bourges.example", status="4.2.2", message_id=delayed.message_id, action="delayed"
        )
    )
    box.add(EmailMessage())  # not a report: left alone
    box.flush()
    call_command("lire_rebonds", mbox=str(tmp_path / "rebonds.mbox"), verbosity=0)
    failing = AdresseEnEchec.objects.get()
    assert (failing.reseau, failing.email) == (reseau, "ancien.maire@bourges.example")
    assert "5.1.1" in failing.erreur
    ours.refresh_from_db(), theirs.refresh_from_db(), delayed.refresh_from_db()
    assert (ours.etat, theirs.etat, delayed.etat) == ("rejete", "envoye", "envoye")
    assert "retour" in ours.erreur
    call_command(
        "lire_rebonds", mbox=str(tmp_path / "rebonds.mbox"), verbosity=0
    )  # read again: nothing doubles
    assert AdresseEnEchec.objects.count() == 1
