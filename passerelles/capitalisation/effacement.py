"""After an erasure has rewritten fiches, their words in the search index are rewritten too
(the index holds them apart from the rows)."""

from passerelles.contacts.effacement import register_after_scan

from .models import Fiche
from .recherche import fiche_index


@register_after_scan
def reindex_fiches(changed: dict) -> None:
    for fiche in Fiche.objects.filter(pk__in=changed.get(Fiche, ())):
        fiche_index(fiche)
