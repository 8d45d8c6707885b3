"""One matcher per process, rebuilt only when the référentiel changes."""

from django.db.models import Count, Max

from .matching import Matcher
from .models import Collectivite

_cached: tuple[tuple, Matcher] | None = None


def shared_matcher() -> Matcher:
    global _cached
    version = tuple(Collectivite.objects.aggregate(Max("mis_a_jour"), Count("id")).values())
    if _cached is None or _cached[0] != version:
        _cached = (version, Matcher())
    return _cached[1]
