"""French typography of dates, hours and quotes."""

import datetime

from passerelles.core.francais import date_longue, guillemets, heure


def test_dates_and_hours_are_written_the_french_way():
    assert date_longue(datetime.date(2024, 5, 14)) == "mardi 14\u00a0mai 2024"
    assert date_longue(datetime.date(2024, 6, 1)) == "samedi 1er\u00a0juin 2024"
    assert heure(datetime.time(9, 30)) == "9\u00a0h\u00a030"
    assert heure(datetime.time(14, 0)) == "14\u00a0h"
    assert guillemets("AECT") == "«\u202fAECT\u202f»"


def test_typography_puts_no_break_spaces_where_french_wants_them_and_curls_apostrophes():
    from passerelles.core.francais import typographie

    text = "L'atelier : inscrivez-vous ! Pourquoi pas nous ? « Venez » ; https://x.org/a?b=1"
    assert typographie(text) == (
        "L’atelier\u00a0: inscrivez-vous\u202f! Pourquoi pas nous\u202f? «\u202fVenez\u202f»\u202f; "
        "https://x.org/a?b=1"
    )
