"""French typography for what the atelier sends and prints: "mardi 14 mai 2024, 9 h 30"."""

import datetime

from django.utils import formats

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; : ! ? and inside « »


def date_longue(value: datetime.date) -> str:
    """mardi 14 mai 2024 (1er for the first day of a month)."""
    day = "1er" if value.day == 1 else str(value.day)
    weekday = formats.date_format(value, "l").lower()
    month = formats.date_format(value, "F").lower()
    return f"{weekday} {day}{NBSP}{month} {value.year}"


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


def quand(atelier) -> str:
    """mardi 14 mai 2024, de 9 h 30 à 12 h 30"""
    return f"{date_longue(atelier.date)}, {plage(atelier.heure_debut, atelier.heure_fin)}"


def guillemets(text: str) -> str:
    return f"«{NNBSP}{text}{NNBSP}»"
