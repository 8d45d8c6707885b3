"""Paths that differ only by a token (a registration's page, an unsubscribe link), reversed
once per process: `reverse` costs about 0.09 ms, a third of a bare registration, and every
public registration's POST and every message of a mailing needs one such path."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Stands for the token while the path is reversed: letters only, long enough for every token
# converter of the project (`JetonConverter` asks for 16 to 64 characters).
SLOT = "JetonJetonJetonJeton"


def token_path(viewname: str, token: str) -> str:
    """`reverse(viewname, kwargs={"jeton": token})` for a token made of characters a path keeps
    as they are (letters, digits, « - _ : »), as the project's tokens are."""
    before, after = _around_token(viewname, get_script_prefix())
    return f"{before}{token}{after}"


@lru_cache(maxsize=32)
def _around_token(viewname: str, script_prefix: str) -> tuple[str, str]:
    """What comes before and after the token, under this script prefix (which `reverse`
    reads for itself: it is only part of the cache's key)."""
    before, _, after = reverse(viewname, kwargs={"jeton": SLOT}).rpartition(SLOT)
    return before, after
