"""The outbox: every email of an atelier is queued here as a `Message` row, then sent by the
background worker (see `envoi.py`). Queueing is idempotent: the same `cle` never makes a
second message, so a job re-run after a crash queues nothing twice."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import EtatMessage, Message


def new_message_id() -> str:
    domain = getattr(settings, "MESSAGE_ID_DOMAIN", "passerelles.local")
    return f"<{secrets.token_hex(16)}@{domain}>"


def queue_message(
    *,
    reseau,
    cle: str,
    nature: str,
    destinataire: str,
    sujet: str,
    corps: str,
    atelier=None,
    contact=None,
    invitation=None,
    inscription=None,
    pieces_jointes=(),
) -> tuple[Message, bool]:
    """Returns (message, created). An existing message with the same key is left as it is."""
    existing = Message.objects.filter(cle=cle).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                reseau=reseau,
                atelier=atelier,
                cle=cle[:200],
                nature=nature,
                destinataire=destinataire,
                contact=contact,
                invitation=invitation,
                inscription=inscription,
                sujet=sujet[:250],
                corps=corps,
                pieces_jointes=list(pieces_jointes),
                message_id=new_message_id(),
                etat=EtatMessage.EN_ATTENTE,
            )
    except IntegrityError:
        return Message.objects.get(cle=cle), False
    return message, True
