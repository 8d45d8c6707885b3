"""One matcher per process, rebuilt only when the référentiel changes.

Which version of the référentiel a process holds is asked of the shared counters (one read
by key, core/compteurs.py) rather than of the table (MAX and COUNT over 39,000 rows, 9 to
13 ms on every registration and every keystroke of the public suggestions). Whatever writes
the référentiel says so: the import once it commits, a row saved through the ORM by its
signal. A version the counters lost is measured again from the table (a change of names that
kept the count and the dates would then go unseen until the next write)."""

import hashlib
import secrets

from django.core.cache import caches
from django.db.models import Count, Max

from .matching import Matcher
from .models import Collectivite

VERSION_KEY = "territoires:version-du-referentiel"

_cached: tuple[int, Matcher] | None = None


def referentiel_changed(**kwargs) -> None:
    """A new version for every process: each rebuilds its matcher on its next use."""
    caches["compteurs"].set(VERSION_KEY, secrets.randbits(62), None)


def _version() -> int:
    """A number that changes whenever the référentiel does."""
    counters = caches["compteurs"]
    version = counters.get(VERSION_KEY)
    if version is None:
        measured = Collectivite.objects.aggregate(Max("mis_a_jour"), Count("id"))
        digest = hashlib.sha256(f"{measured['mis_a_jour__max']}|{measured['id__count']}".encode()).digest()
        version = int.from_bytes(digest[:7])
        counters.set(VERSION_KEY, version, None)
    return version


def shared_matcher() -> Matcher:
    global _cached
    version = _version()
    if _cached is None or _cached[0] != version:
        _cached = (version, Matcher())
    return _cached[1]
