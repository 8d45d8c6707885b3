"""The one way in of the email capability: « queue this message to this person, for this
reason ». Every email is queued here as a `Message` row, then sent by the background worker
(`expedition.py`) once `kick()` asks for it. Queueing is idempotent: the same `cle` never
makes a second message, so a job re-run after a crash queues nothing twice."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction

from passerelles.core.saisie import single_line

from .expedition import kick as kick  # callers queue their messages, then kick once
from .models import EtatMessage, Message


def new_message_id() -> str:
    """Under the site's own domain, as mail servers expect of a sender."""
    domain = urlsplit(settings.SITE_URL).hostname or "passerelles.local"
    return f"<{secrets.token_hex(16)}@{domain}>"


def queue_message(
    *,
    reseau,
    cle: str,
    nature: str,
    destinataire: str,
    sujet: str,
    corps: str,
    objet=None,
    contact=None,
    pieces_jointes=(),
) -> tuple[Message, bool]:
    """Queues a message to `destinataire` (and `contact`, if known), for the reason `nature`,
    about `objet` (an atelier…). Returns (message, created); an existing message with the
    same key is left as it is. The caller kicks the worker once it has queued its messages."""
    existing = Message.objects.filter(cle=cle).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                reseau=reseau,
                objet=objet,
                cle=cle[:200],
                nature=nature,
                destinataire=destinataire,
                contact=contact,
                sujet=single_line(sujet)[:250],
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
                **{**fields, "cle": fields["cle"][:200], "sujet": single_line(fields["sujet"])[:250]},
            )
            for fields in batch
            if fields["cle"] not in existing
        ]
        # A concurrent run may queue the same key meanwhile: the unique key keeps one.
        Message.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    return created
