"""The cache django-ratelimit counts in: whole numbers only, one statement a count.

Django's database cache counts with a read then a write: two workers taking the same
address's post at once could both read 3 and both write 4, letting more posts through than
the limit. It also counts the whole table before each write, to decide whether to cull it.
Here a new key is one upsert, an increment is one UPDATE … RETURNING, atomic on SQLite and
PostgreSQL alike, and expired rows are deleted at most once every few minutes per process.
Being in the database, the counts are shared by every server process, as the limit needs."""

import datetime
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections, router
from django.utils import timezone

from .models import Compteur

CULL_EVERY = 300  # seconds
KEY_LENGTH = Compteur._meta.get_field("cle").max_length
# A key without expiry (timeout None) is kept this long: counters always have a window.
FOREVER = datetime.timedelta(days=3650)

_ADD = """
INSERT INTO core_compteur (cle, nombre, expire_le) VALUES (%s, %s, %s)
ON CONFLICT (cle) DO UPDATE SET nombre = excluded.nombre, expire_le = excluded.expire_le
 WHERE core_compteur.expire_le <= %s
RETURNING nombre"""
_SET = """
INSERT INTO core_compteur (cle, nombre, expire_le) VALUES (%s, %s, %s)
ON CONFLICT (cle) DO UPDATE SET nombre = excluded.nombre, expire_le = excluded.expire_le"""
_INCR = "UPDATE core_compteur SET nombre = nombre + %s WHERE cle = %s AND expire_le > %s RETURNING nombre"
_GET = "SELECT nombre FROM core_compteur WHERE cle = %s AND expire_le > %s"
_DELETE = "DELETE FROM core_compteur WHERE cle = %s"
_CULL = "DELETE FROM core_compteur WHERE expire_le <= %s"

_next_cull = 0.0


class CompteursCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Sets the key unless it is already set and unexpired; says whether it did."""
        now = self._now()
        self._cull_if_due(now)
        row = self._run(_ADD, [self._key(key, version), int(value), self._expiry(timeout), now])
        return row is not None

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._run(_SET, [self._key(key, version), int(value), self._expiry(timeout)], fetch=False)

    def incr(self, key, delta=1, version=None) -> int:
        row = self._run(_INCR, [int(delta), self._key(key, version), self._now()])
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def get(self, key, default=None, version=None):
        row = self._run(_GET, [self._key(key, version), self._now()])
        return default if row is None else row[0]

    def delete(self, key, version=None) -> bool:
        return self._run(_DELETE, [self._key(key, version)], fetch=False) > 0

    def clear(self) -> None:
        Compteur.objects.using(router.db_for_write(Compteur)).all().delete()

    def validate_key(self, key) -> None:
        """Memcached's checks (every character looked at) do not apply to a database column."""
        if len(key) > KEY_LENGTH:
            raise ValueError(f"Counter key of {len(key)} characters, more than {KEY_LENGTH}")

    def _key(self, key, version) -> str:
        return self.make_and_validate_key(key, version=version)

    def _expiry(self, timeout) -> datetime.datetime:
        seconds = self.get_backend_timeout(timeout)
        if seconds is None:
            return self._adapt(timezone.now() + FOREVER)
        return self._adapt(datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC))

    def _now(self):
        return self._adapt(timezone.now())

    def _adapt(self, moment: datetime.datetime):
        return self._connection().ops.adapt_datetimefield_value(moment)

    def _connection(self):
        return connections[router.db_for_write(Compteur)]

    def _run(self, sql: str, params: list, fetch: bool = True):
        with self._connection().cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else cursor.rowcount

    def _cull_if_due(self, now) -> None:
        global _next_cull
        if time.monotonic() < _next_cull:
            return
        _next_cull = time.monotonic() + CULL_EVERY
        self._run(_CULL, [now], fetch=False)
