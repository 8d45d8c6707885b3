"""The outbox: every email of an atelier is queued here as a `Message` row, then sent by the
background worker (see `envoi.py`). Queueing is idempotent: the same `cle` never makes a
second message, so a job re-run after a crash queues nothing twice."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from passerelles.ateliers.models import EtatMessage, Message


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


def queue_messages(*, reseau, messages: list[dict], batch_size: int = 500) -> int:
    """Queues many messages at once (a mailing): each dict holds `queue_message`'s keyword
    arguments but `reseau`. Keys already queued are skipped, as one by one. Returns how many
    were new."""
    created = 0
    for start in range(0, len(messages), batch_size):
        batch = messages[start : start + batch_size]
        existing = set(
            Message.objects.filter(cle__in=[m["cle"] for m in batch]).values_list("cle", flat=True)
        )
        new = [
            Message(
                reseau=reseau,
                etat=EtatMessage.EN_ATTENTE,
                message_id=new_message_id(),
                **{**fields, "cle": fields["cle"][:200], "sujet": fields["sujet"][:250]},
            )
            for fields in batch
            if fields["cle"] not in existing
        ]
        # A concurrent run may queue the same key meanwhile: the unique key keeps one.
        Message.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    return created
