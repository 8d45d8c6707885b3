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


def test_a_subject_is_queued_on_one_line_so_that_the_message_can_leave(reseau):
    message, _ = queue_message(
        reseau=reseau,
        cle="x:2",
        nature="confirmation",
        destinataire="a@b.fr",
        sujet="Inscription confirmée : Agir\r\nBcc: tous@exemple.fr\x0b",
        corps="c",
    )
    assert message.sujet == "Inscription confirmée : Agir Bcc: tous@exemple.fr"
