"""The one write between two sends of a run (see `expedition`): one UPDATE marks « envoyé »
the message that just left, counts the attempt of the next one and renews its claim — only
if that claim is still this run's.

On PostgreSQL, while the next message's claim is young, the run does not wait for the reply:
the statement is written whole to the server's connection, the message is sent meanwhile,
and the reply is read once it has left. The database then works while the mail server does.
Nothing of the guarantees is lost:
- the write reaches the server before the message is sent, and the server commits it on its
  own (autocommit), even if the worker is killed before reading the reply;
- whether the claim is still this run's needs no answer while it is younger than half a
  lease, since another run takes a claim back only once its lease is over. An older claim
  (a slow mail server held the run up) waits for the answer, as on SQLite, where the write
  costs no round trip anyway.
"""

import logging
import select
import time

from django.db import connection
from django.utils import timezone

from .models import EtatMessage, Message

logger = logging.getLogger(__name__)


class Ecritures:
    """The writes of one run, with the one whose reply is still to be read."""

    def __init__(self, lease):
        self.lease = lease
        self.pending: Message | None = None  # the attempt whose reply is on its way

    def attempt(self, *, sent: Message | None, attempted: Message, sending: bool) -> bool:
        """Writes `sent` « envoyé » and the attempt of `attempted`; True if the claim is this
        run's. With `sending`, the caller sends `attempted` next and then calls `settle()`:
        the reply may wait until then."""
        now = timezone.now()
        if not (sending and connection.vendor == "postgresql" and self._young(attempted, now)):
            return mark_sent_and_attempt(sent=sent, attempted=attempted, now=now)
        _send_without_waiting(*_statement(sent, attempted, now))
        self.pending = attempted
        _update_in_memory(sent, attempted, now)
        return True

    def settle(self) -> None:
        """Reads the reply of the write left on its way, before any other statement."""
        attempted, self.pending = self.pending, None
        if attempted is not None and attempted.pk not in _reply():
            # Only a clock ahead by half a lease on another worker's host can lead here.
            logger.warning("Message %s was taken back by another run before its lease ended", attempted.pk)

    def _young(self, message: Message, now) -> bool:
        return message.reclame_le is not None and now - message.reclame_le < self.lease / 2


def mark_sent_and_attempt(*, sent: Message | None, attempted: Message | None, now=None) -> bool:
    """The write, waiting for its answer: True if `attempted`'s claim is still this run's."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(*_statement(sent, attempted, now))
        changed = {pk for (pk,) in cursor.fetchall()}
    if attempted is not None and attempted.pk not in changed:
        attempted = None
    _update_in_memory(sent, attempted, now)
    return attempted is not None


def _statement(sent: Message | None, attempted: Message | None, now) -> tuple[str, list]:
    """In SQL: the ORM's update tells how many rows changed, not which, and building its
    statements for every message cost three times this one (SQLite ≥ 3.35 for RETURNING)."""
    table = connection.ops.quote_name(Message._meta.db_table)
    sent_pk = sent.pk if sent is not None else None
    attempted_pk = attempted.pk if attempted is not None else None
    when = connection.ops.adapt_datetimefield_value(now)
    return (
        f"UPDATE {table} SET"
        " etat = CASE WHEN id = %s THEN %s ELSE etat END,"
        " envoye_le = CASE WHEN id = %s THEN %s ELSE envoye_le END,"
        " erreur = CASE WHEN id = %s THEN '' ELSE erreur END,"
        " prochain_essai = CASE WHEN id = %s THEN NULL ELSE prochain_essai END,"
        " tentatives = CASE WHEN id = %s THEN tentatives + 1 ELSE tentatives END,"
        " reclame_le = CASE WHEN id = %s THEN %s ELSE reclame_le END"
        " WHERE id = %s OR (id = %s AND etat = %s AND reclame_par = %s)"
        " RETURNING id",
        [
            *(sent_pk, EtatMessage.ENVOYE.value, sent_pk, when, sent_pk, sent_pk),
            *(attempted_pk, attempted_pk, when),
            *(sent_pk, attempted_pk, EtatMessage.EN_COURS.value),
            attempted.reclame_par if attempted is not None else None,
        ],
    )


def _update_in_memory(sent: Message | None, attempted: Message | None, now) -> None:
    if sent is not None:
        sent.etat, sent.envoye_le, sent.erreur, sent.prochain_essai = EtatMessage.ENVOYE, now, "", None
    if attempted is not None:
        attempted.tentatives += 1
        attempted.reclame_le = now


def _send_without_waiting(sql: str, params: list) -> None:
    """Writes the statement whole to the server's connection (psycopg's libpq interface)."""
    query = connection.ops.compose_sql(sql, params)
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    started = time.perf_counter()
    with connection.wrap_database_errors:  # Django's errors, and a broken connection is let go
        pgconn.send_query(query.encode())
        while pgconn.flush():  # a non-blocking socket: wait until the rest can be written
            select.select([], [pgconn.socket], [])
    if connection.queries_logged:  # as Django records its own statements, for debugging and tests
        connection.queries_log.append({"sql": query, "time": f"{time.perf_counter() - started:.3f}"})


def _reply() -> set[int]:
    """The ids the write changed, once the server has answered."""
    pgconn = connection.connection.pgconn
    changed, error = set(), None
    with connection.wrap_database_errors:
        while (result := pgconn.get_result()) is not None:
            if result.error_message:
                error = result.error_message.decode(errors="replace")
            changed.update(int(result.get_value(row, 0)) for row in range(result.ntuples))
        if error:
            raise connection.Database.DatabaseError(error)
    return changed
