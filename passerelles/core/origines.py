"""The websites allowed to show a réseau's public agenda in a frame (`<iframe>`): each an
origin `https://host[:port]`, written into the `frame-ancestors` directive of that one page's
Content-Security-Policy. Anything else (a path, a wildcard, plain http, a quote or a `;` that
would add a directive of its own) is refused when typed, and never reaches a header."""

import re

from django.core.exceptions import ValidationError

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ORIGIN = re.compile(rf"https://(?P<host>(?:{_LABEL}\.)+[a-z]{{2,63}})(?::(?P<port>[0-9]{{1,5}}))?")
_SEPARATORS = re.compile(r"[\s,]+")

MESSAGE = (
    "« {valeur} » n'est pas une origine : écrivez https://, le nom du site, éventuellement "
    "« :port », sans chemin ni « / » final après l'adresse (par exemple https://www.reseau.org)."
)


def _normalised(value: str) -> str | None:
    """The origin as a browser sends it (lower case, no final slash), or None."""
    candidate = value.strip().lower().removesuffix("/")
    match = _ORIGIN.fullmatch(candidate)
    if match is None or len(match["host"]) > 253:
        return None
    if match["port"] is not None and not 1 <= int(match["port"]) <= 65535:
        return None
    return candidate


def origins_of(text: str) -> list[str]:
    """The valid origins of a list typed one a line (or separated by commas), in order,
    each once."""
    found: list[str] = []
    for value in _SEPARATORS.split(text or ""):
        origin = _normalised(value) if value else None
        if origin and origin not in found:
            found.append(origin)
    return found


def validate_origins(text: str) -> None:
    invalid = [value for value in _SEPARATORS.split(text or "") if value and _normalised(value) is None]
    if invalid:
        raise ValidationError(
            [ValidationError(MESSAGE.format(valeur=value[:80]), code="origine") for value in invalid[:5]]
        )
