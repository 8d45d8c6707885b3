"""Bounds on what people type into searches and filters: a query of a thousand words would
build a thousand SQL conditions, a year that is not a number would reach the database."""

MOTS_MAX = 10


def bounded_words(query: str, limit: int = MOTS_MAX) -> list[str]:
    """The first `limit` distinct words of a search: no real search needs more."""
    words = []
    for word in query.split():
        if word not in words:
            words.append(word)
            if len(words) == limit:
                break
    return words


def bounded_query(query: str, limit: int = MOTS_MAX) -> str:
    return " ".join(bounded_words(query, limit))


def year_or_none(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def id_or_none(value) -> int | None:
    """A row id as a link or a form sends it, or None for anything else (« abc », « 1#x »,
    a number no column holds): no lookup is made with a value that cannot be an id."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text) or None
