"""How old a check of the catalogue is: anything not checked for 12 months is flagged."""

from datetime import date

MOIS_AVANT_REVERIFICATION = 12


def age_en_mois(verifie_le: date, today: date) -> int:
    months = (today.year - verifie_le.year) * 12 + today.month - verifie_le.month
    return max(months - (today.day < verifie_le.day), 0)


def a_reverifier(verifie_le: date | None, today: date) -> bool:
    return verifie_le is None or age_en_mois(verifie_le, today) >= MOIS_AVANT_REVERIFICATION
