"""French full-text search over fiches, the same on SQLite and PostgreSQL.

Text is folded (accents, case) so that "cooperation decentralisee" finds "coopération
décentralisée"; words are reduced to their Snowball French stems so that "ateliers" finds
"atelier" and "rurales" finds "rural". On PostgreSQL, its own French text search does the
stemming (`to_tsvector('french', …)` on the folded text, stored and indexed, ts_rank); on SQLite,
the same Snowball French stemmer runs in Python and FTS5 indexes the stems (bm25).
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from passerelles.core.saisie import bounded_query, year_or_none
from passerelles.territoires.normalisation import normalise

from .models import Fiche
from .sections import SECTIONS

_STEMMER = snowballstemmer.stemmer("french")
_WORD = re.compile(r"\w+", re.UNICODE)
FTS_TABLE = "capitalisation_fiche_fts"
TAG_FIELDS = ("points_entree", "instruments", "types_collectivites", "tailles", "ruralite", "publics")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    return [_stem(word) for word in normalise(text).split() if len(word) > 1]


def folded_text(fiche: Fiche) -> str:
    parts = [str(getattr(fiche, key)) for key in SECTIONS if key != "verbatims"]
    parts += [v.get("texte", "") for v in fiche.verbatims]
    return normalise(" ".join(parts))


def fiche_index(fiche: Fiche) -> None:
    """Keep the search index in step with a saved fiche."""
    folded = folded_text(fiche)
    Fiche.objects.filter(pk=fiche.pk).update(texte_replie=folded)
    if connection.vendor == "sqlite":  # PostgreSQL stems texte_replie itself
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [fiche.pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, texte) VALUES (%s, %s)", [fiche.pk, " ".join(stems(folded))]
            )


def visible_fiches(reseau):
    return Fiche.objects.filter(Q(reseau=reseau) | Q(publiee=True))


@dataclass
class Resultat:
    fiche: Fiche
    extrait: SafeString


def fiche_search(*, reseau, q: str, filtres: dict | None = None, limit: int = 50) -> list[Resultat]:
    fiches = _filtered(visible_fiches(reseau), filtres or {})
    q = bounded_query(q)
    query = stems(q)
    if not query:
        return [
            Resultat(f, mark_safe(html.escape(f.resume[:240])))
            for f in fiches.order_by("-annee", "titre")[:limit]
        ]
    ranked_ids = _ranked_ids(q, query, limit * 4)
    # Which of them this réseau may see and the filters keep, then only those shown are read
    # whole: a fiche is long, and most of the candidates are not shown.
    kept = set(fiches.filter(pk__in=ranked_ids).values_list("pk", flat=True))
    chosen = [pk for pk in ranked_ids if pk in kept][:limit]
    by_id = Fiche.objects.in_bulk(chosen)
    return [Resultat(by_id[pk], snippet(by_id[pk], query)) for pk in chosen]


def _filtered(fiches, filtres: dict):
    for field in TAG_FIELDS:
        if filtres.get(field):
            # Tags are JSON lists of codes; SQLite has no JSON "contains", so the quoted code
            # is looked for in the list's text, which is exact for codes without quotes.
            fiches = fiches.filter(**{f"{field}__icontains": f'"{filtres[field]}"'})
    if filtres.get("annee"):
        fiches = fiches.filter(annee=year_or_none(filtres["annee"]))
    if filtres.get("reseau"):
        fiches = fiches.filter(reseau__slug=filtres["reseau"])
    return fiches


def _ranked_ids(q: str, query: list[str], limit: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            vector = "vecteur_fr"  # to_tsvector('french', texte_replie), stored (migration 0006)
            cursor.execute(
                f"SELECT id FROM capitalisation_fiche WHERE {vector} @@ plainto_tsquery('french', %s) "
                f"ORDER BY ts_rank({vector}, plainto_tsquery('french', %s)) DESC, id LIMIT %s",
                [normalise(q), normalise(q), limit],
            )
        else:
            match = " AND ".join(f'"{word}"' for word in query)
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"ORDER BY bm25({FTS_TABLE}) LIMIT %s",
                [match, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def snippet(fiche: Fiche, query: list[str], width: int = 220) -> SafeString:
    """The passage that holds most query words, with the matching words highlighted."""
    wanted = set(query)
    best, best_score = "", -1
    for key in SECTIONS:
        if key == "verbatims":
            continue
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", str(getattr(fiche, key))):
            folded = f" {normalise(sentence)}"
            # Stemming is the costly part: only sentences with a word starting like a stem.
            if not any(f" {stem}" in folded for stem in wanted):
                continue
            score = len(wanted & set(stems(sentence)))
            if score > best_score:
                best, best_score = sentence, score
            if score == len(wanted):
                break
        if best_score == len(wanted):
            break
    pieces = re.split(r"(\w+)", (best or fiche.resume)[:width])
    return mark_safe(
        "".join(
            f"<mark>{html.escape(piece)}</mark>"
            if piece and set(stems(piece)) & wanted
            else html.escape(piece)
            for piece in pieces
        )
    )
