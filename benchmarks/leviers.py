"""Benchmark: advice for every collectivité of France, one collectivité page, segment counts.

Run with `.venv/bin/python benchmarks/leviers.py`. Floors measured in the same run:
- advice: reading the same profile rows from the database (the query alone);
- page: the home page of the same user (what any page costs before its own work);
- segment count: sqlite3 counting the same rows with a hand-written query;
- segment summary: reading the segment's profile rows from the database (the query alone).

Targets (issues 4 and 11): all of France ≤ 2 s; one page ≤ 50 ms; a segment count ≤ 100 ms;
the summary of a segment of about 500 communes ≤ 300 ms.
"""

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from commun import machine, setup_django

RUNS = 15


def advice_for_france() -> tuple[float, float, int]:
    from passerelles.core.models import Reseau
    from passerelles.leviers.conseil import advice_for_many
    from passerelles.leviers.profil import FIELDS
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    everyone = Collectivite.objects.filter(actif=True, type__in=["commune", "epci", "departement", "region"])
    started = time.perf_counter()
    rows = list(everyone.values(*FIELDS))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    advice = advice_for_many(reseau=reseau, collectivites=everyone)
    assert len(advice) == len(rows)
    return time.perf_counter() - started, floor, len(rows)


def page_time(url: str) -> float:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    client.get(url)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def segment_count_time(filtres: dict) -> float:
    from passerelles.core.models import Reseau
    from passerelles.leviers.segments import segment_queryset

    reseau = Reseau.objects.get(slug="centraider")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        segment_queryset(reseau=reseau, filtres=filtres).count()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


RURAL_CHER_INDRE = {"departement": "18 36", "ruralite": "rural"}


def summary_time() -> tuple[float, float, int]:
    """Median of the summary of the rural communes of the Cher and the Indre, and its floor."""
    from passerelles.core.models import Reseau
    from passerelles.leviers.profil import FIELDS
    from passerelles.leviers.segments import segment_queryset, segment_summary

    reseau = Reseau.objects.get(slug="centraider")
    segment_summary(reseau=reseau, filtres=RURAL_CHER_INDRE)
    times, floors = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        size = segment_summary(reseau=reseau, filtres=RURAL_CHER_INDRE)["taille"]
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        list(segment_queryset(reseau=reseau, filtres=RURAL_CHER_INDRE).values(*FIELDS))
        floors.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.median(floors), size


def sql_floor(database: Path) -> float:
    connection = sqlite3.connect(database)
    sql = (
        "SELECT COUNT(*) FROM territoires_collectivite "
        "WHERE actif AND type = 'commune' AND densite IN (5, 6, 7)"
    )
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        connection.execute(sql).fetchone()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        setup_django(database)

        advice, advice_floor, size = advice_for_france()
        page = page_time("/territoires/commune/18160/")
        home = page_time("/")
        counts = {
            "rural communes of France": segment_count_time({"ruralite": "rural"}),
            "rural, not engaged, no cooperation": segment_count_time(
                {"ruralite": "rural", "etape": "non_engagees", "sans": "cooperation"}
            ),
            "within 40 km of Bourges": segment_count_time({"centre": "Bourges", "rayon_km": "40"}),
            "CA holding water, all France": segment_count_time({"type": "epci", "competence": "eau"}),
        }
        floor = sql_floor(database)
        summary, summary_floor, summary_size = summary_time()
    print(f"machine: {machine()}")
    print(f"advice for all of France ({size} collectivités): {advice:.2f} s")
    print(f"floor (reading the same rows): {advice_floor:.2f} s")
    print(f"collectivité page (Nérondes): {page:.1f} ms; floor (home page): {home:.1f} ms")
    for label, value in counts.items():
        print(f"segment count, {label}: {value:.1f} ms")
    print(f"floor (sqlite3 count of rural communes): {floor:.1f} ms")
    print(
        f"segment summary ({summary_size} rural communes of the Cher and the Indre): {summary:.1f} ms; "
        f"floor (reading their profile rows): {summary_floor:.1f} ms"
    )
    worst = max(counts.values())
    ok = advice <= 2 and page <= 50 and worst <= 100 and summary <= 300
    print(f"targets ≤ 2 s / ≤ 50 ms / ≤ 100 ms / ≤ 300 ms → {'OK' if ok else 'AU-DELÀ DE LA CIBLE'}")


if __name__ == "__main__":
    main()
