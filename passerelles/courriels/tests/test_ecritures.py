# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""The writes of a sending run: between two sends, one UPDATE marks « envoyé » the message
that just left and counts the attempt of the next one. Whatever stops the run, only the
message in flight can leave twice; a message another run took back is left to it. On
PostgreSQL, a young claim's write is answered while its message is sent."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg import pq

from passerelles.courriels import ecritures, expedition
from passerelles.courriels.ecritures import Ecritures
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
    write = Ecritures.attempt

    def killed_before_recording_the_second(self, *, sent, **kwargs):
        if sent is not None and sent.pk == messages[1].pk:
            raise WorkerKilled
        return write(self, sent=sent, **kwargs)

    monkeypatch.setattr(Ecritures, "attempt", killed_before_recording_the_second)
    with pytest.raises(WorkerKilled):
        expedition.send_pending.call()
    assert serveur_smtp.message_ids() == [messages[0].message_id, messages[1].message_id]
    # the first recorded, the second sent but not recorded, the rest claimed but not attempted
    assert _states(messages) == [("envoye", 1), ("en_cours", 1)] + [("en_cours", 0)] * 3

    monkeypatch.setattr(Ecritures, "attempt", write)
    Message.objects.filter(etat="en_cours").update(reclame_le=timezone.now() - expedition.lease() * 2)
    expedition.send_pending.call()  # the next run, once the lease is over
    assert _states(messages) == [("envoye", 1), ("envoye", 2)] + [("envoye", 1)] * 3
    received = serveur_smtp.message_ids()
    assert sorted(received) == sorted([m.message_id for m in messages] + [messages[1].message_id])


def test_a_message_another_run_took_back_between_two_sends_is_left_to_it(reseau, serveur_smtp, monkeypatch):
    first, taken, last = _queue(reseau, 3)
    build, claim = expedition.build_email, expedition.claim_batch

    def held_up(*args, **kwargs):  # a slow mail server: the lease is over by the time of the sends
        batch = claim(*args, **kwargs)
        for message in batch:
            message.reclame_le -= expedition.lease()
        return batch

    def another_run_takes_back_the_second(message, reseau):
        if message.pk == first.pk:
            Message.objects.filter(pk=taken.pk).update(reclame_par="autre:1", reclame_le=timezone.now())
        return build(message, reseau)

    monkeypatch.setattr(expedition, "claim_batch", held_up)
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
    # per batch: its claim, then one write per message, and the last message's record alone;
    # then the claim that finds nothing left
    assert len(updates) == count + 2 * 2 + 1
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="writes answered later: PostgreSQL only")
def test_on_postgresql_a_young_claim_is_sent_while_its_write_is_on_its_way(reseau, mailoutbox, monkeypatch):
    messages = _queue(reseau, 3)
    send = expedition.SmtpSession.send
    busy = []

    def send_watching_the_database(self, email):
        busy.append(connection.connection.pgconn.transaction_status)  # ACTIVE: a statement in progress
        return send(self, email)

    monkeypatch.setattr(expedition.SmtpSession, "send", send_watching_the_database)
    assert expedition.send_pending.call() == 3
    assert busy == [pq.TransactionStatus.ACTIVE] * 3
    assert _states(messages) == [("envoye", 1)] * 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="writes answered later: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_write_the_server_refuses_stops_the_run_once_its_message_has_left(
    reference_data_reloaded, reseau, mailoutbox, monkeypatch
):
    first, second = _queue(reseau, 2)
    refused = ("UPDATE courriels_message SET tentatives = -1 RETURNING id", [])  # against its CHECK
    monkeypatch.setattr(ecritures, "_statement", lambda *args: refused)
    with pytest.raises(DatabaseError, match="tentatives"):
        expedition.send_pending.call()
    assert len(mailoutbox) == 1  # the first message left while its write was on its way
    # The connection is usable again, and nothing was written: both are still claimed.
    assert _states([first, second]) == [("en_cours", 0), ("en_cours", 0)]
