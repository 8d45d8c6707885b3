"""French wording and typography shared by services, commands, emails and templates:
« mardi 14 mai 2024 », « 9 h 30 », « 1 ligne ignorée »."""

import datetime
import re
import unicodedata

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats


def accord(n: int, singulier: str, pluriel: str) -> str:
    """« 1 ligne ignorée », « 2 lignes ignorées »: in French, 0 and 1 take the singular."""
    return f"{intcomma(n)}\u00a0{singulier if abs(n) < 2 else pluriel}"


def cle_de_tri(texte: str) -> tuple:
    """A collation key for French names: accents and case count only to break ties, so
    « Arçay » sorts before « Arpheuilles » (not after, as code points would) and « Élodie »
    beside « Eloi »."""
    decomposed = unicodedata.normalize("NFKD", texte)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return (base, texte.casefold(), texte)


NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; : ! ? and inside « »


def date_longue(value: datetime.date) -> str:
    """mardi 14 mai 2024 (1er for the first day of a month)."""
    weekday = formats.date_format(value, "l").lower()
    return f"{weekday} {date_jour(value)}"


def date_jour(value: datetime.date) -> str:
    """14 mai 2024, 1er novembre 2024."""
    day = "1er" if value.day == 1 else str(value.day)
    month = formats.date_format(value, "F").lower()
    return f"{day}{NBSP}{month} {value.year}"


def heure(value: datetime.time | None) -> str:
    """9 h 30, 14 h (no minutes when on the hour)."""
    if value is None:
        return ""
    minutes = f"{NBSP}{value.minute:02d}" if value.minute else ""
    return f"{value.hour}{NBSP}h{minutes}"


def plage(debut: datetime.time | None, fin: datetime.time | None) -> str:
    """de 9 h 30 à 12 h 30"""
    if debut and fin:
        return f"de {heure(debut)} à {heure(fin)}"
    return heure(debut or fin)


def guillemets(text: str) -> str:
    return f"«{NNBSP}{text}{NNBSP}»"


def typographie(text: str) -> str:
    """French typography on typed text: « » for straight quotes, a no-break space before
    « : » and a narrow one before « ; ! ? » and inside « », where the writer put a space
    (never added where there was none, which leaves addresses such as https://… intact),
    and typographic apostrophes."""
    text = re.sub(r'"([^"\n]+)"', lambda m: f"«{NNBSP}{m.group(1).strip()}{NNBSP}»", text)
    text = re.sub(r"«\s*", f"«{NNBSP}", text)
    text = re.sub(r"\s*»", f"{NNBSP}»", text)
    text = re.sub(r"(?<=\S) ([;!?])", rf"{NNBSP}\1", text)
    text = re.sub(r"(?<=\S) :", f"{NBSP}:", text)
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
