"""Sending the outbox in the background worker. `kick()` is what every part of the app calls
after queueing messages."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .calendrier import atelier_ics
from .models import EtatMessage, Message


def kick() -> None:
    """Asks the worker to send what is waiting, once the caller's transaction commits."""
    transaction.on_commit(lambda: send_pending.enqueue())


@task()
def send_pending() -> int:
    sent = 0
    for message in Message.objects.filter(etat=EtatMessage.EN_ATTENTE).select_related("atelier"):
        _send(message)
        sent += 1
    return sent


def _send(message: Message) -> None:
    email = EmailMessage(
        subject=message.sujet,
        body=message.corps,
        to=[message.destinataire],
        headers={"Message-ID": message.message_id},
    )
    if "ics" in message.pieces_jointes and message.atelier:
        email.attach("atelier.ics", atelier_ics(message.atelier), "text/calendar")
    email.send()
    Message.objects.filter(pk=message.pk).update(etat=EtatMessage.ENVOYE, envoye_le=timezone.now())
