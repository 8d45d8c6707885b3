"""Queueing a message: the one way into the outbox."""

from passerelles.courriels.models import Message
from passerelles.courriels.services import queue_message


def test_queueing_twice_with_the_same_key_makes_one_message(reseau):
    first, created = queue_message(
        reseau=reseau,
        cle="x:1",
        nature="invitation",
        destinataire="a@b.fr",
        sujet="s",
        corps="c",
    )
    again, created_again = queue_message(
        reseau=reseau,
        cle="x:1",
        nature="invitation",
        destinataire="a@b.fr",
        sujet="s",
        corps="c",
    )
    assert (created, created_again, first.pk == again.pk) == (True, False, True)
    assert (
        Message.objects.count() == 1 and first.message_id.startswith("<") and first.message_id.endswith(">")
    )
