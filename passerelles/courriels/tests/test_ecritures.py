# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""The writes of a sending run: between two sends, one UPDATE marks « envoyé » the message
that just left and counts the attempt of the next one. Whatever stops the run, only the
message in flight can leave twice; a message another run took back is left to it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.courriels import expedition
from passerelles.courriels.models import Message
from passerelles.courriels.services import queue_message
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401

pytestmark = pytest.mark.django_db


class WorkerKilled(Exception):
    pass


def _queue(reseau, count: int) -> list[Message]:
    return [
        queue_message(
            reseau=reseau,
            cle=f"ecritures:{n}",
            nature="confirmation",
            destinataire=f"personne{n}@example.org",
            sujet=f"Message {n}",
            corps="Bonjour",
        )[0]
        for n in range(count)
    ]


def _states(messages) -> list[tuple[str, int]]:
    for message in messages:
        message.refresh_from_db()
    return [(message.etat, message.tentatives) for message in messages]


def test_a_run_stopped_between_a_send_and_its_record_sends_again_that_message_only(
    reseau, serveur_smtp, monkeypatch
):
    messages = _queue(reseau, 5)
    write = expedition.mark_sent_and_attempt

    def killed_before_recording_the_second(*, sent, attempted):
        if sent is not None and sent.pk == messages[1].pk:
            raise WorkerKilled
        return write(sent=sent, attempted=attempted)

    monkeypatch.setattr(expedition, "mark_sent_and_attempt", killed_before_recording_the_second)
    with pytest.raises(WorkerKilled):
        expedition.send_pending.call()
    assert serveur_smtp.message_ids() == [messages[0].message_id, messages[1].message_id]
    # the first recorded, the second sent but not recorded, the rest claimed but not attempted
    assert _states(messages) == [("envoye", 1), ("en_cours", 1)] + [("en_cours", 0)] * 3

    monkeypatch.setattr(expedition, "mark_sent_and_attempt", write)
    Message.objects.filter(etat="en_cours").update(reclame_le=timezone.now() - expedition.lease() * 2)
    expedition.send_pending.call()  # the next run, once the lease is over
    assert _states(messages) == [("envoye", 1), ("envoye", 2)] + [("envoye", 1)] * 3
    received = serveur_smtp.message_ids()
    assert sorted(received) == sorted([m.message_id for m in messages] + [messages[1].message_id])


def test_a_message_another_run_took_back_between_two_sends_is_left_to_it(reseau, serveur_smtp, monkeypatch):
    first, taken, last = _queue(reseau, 3)
    build = expedition.build_email

    def another_run_takes_back_the_second(message, reseau):
        if message.pk == first.pk:
            Message.objects.filter(pk=taken.pk).update(reclame_par="autre:1", reclame_le=timezone.now())
        return build(message, reseau)

    monkeypatch.setattr(expedition, "build_email", another_run_takes_back_the_second)
    expedition.send_pending.call()
    assert _states([first, taken, last]) == [("envoye", 1), ("en_cours", 0), ("envoye", 1)]
    assert taken.reclame_par == "autre:1"
    assert serveur_smtp.message_ids() == [first.message_id, last.message_id]


def test_each_message_costs_one_write_between_two_sends(reseau, mailoutbox):
    count = expedition.BATCH + 5  # two batches
    _queue(reseau, count)
    with CaptureQueriesContext(connection) as queries:
        assert expedition.send_pending.call() == count
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "courriels_message"')]
    # per batch: its claim, then one write per message, and the last message's record alone
    assert len(updates) == count + 2 * 2
    assert len(mailoutbox) == count and Message.objects.filter(etat="envoye", tentatives=1).count() == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit: PostgreSQL only")
def test_on_postgresql_a_batch_does_not_wait_for_the_disk_but_each_claim_does(
    reseau, mailoutbox, monkeypatch
):
    _queue(reseau, expedition.BATCH + 1)
    seen = []

    def synchronous_commit(when: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append((when, cursor.fetchone()[0]))

    def watched(function, when):
        def run(*args, **kwargs):
            synchronous_commit(when)
            return function(*args, **kwargs)

        return run

    monkeypatch.setattr(expedition, "claim_batch", watched(expedition.claim_batch, "claim"))
    monkeypatch.setattr(expedition, "build_email", watched(expedition.build_email, "send"))
    expedition.send_pending.call()
    synchronous_commit("after")
    assert set(seen) == {("claim", "on"), ("send", "off"), ("after", "on")}
