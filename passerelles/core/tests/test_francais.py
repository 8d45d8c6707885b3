"""French typography of dates, hours and quotes."""

import datetime

from passerelles.core.francais import date_longue, guillemets, heure


def test_dates_and_hours_are_written_the_french_way():
    assert date_longue(datetime.date(2024, 5, 14)) == "mardi 14\u00a0mai 2024"
    assert date_longue(datetime.date(2024, 6, 1)) == "samedi 1er\u00a0juin 2024"
    assert heure(datetime.time(9, 30)) == "9\u00a0h\u00a030"
    assert heure(datetime.time(14, 0)) == "14\u00a0h"
    assert guillemets("AECT") == "«\u202fAECT\u202f»"
