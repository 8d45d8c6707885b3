"""Benchmark: advice for every collectivité of France, segment counts and summary.

Run with `.venv/bin/python benchmarks/leviers.py [--court] [postgres-url]` (short mode: the
advice for one région). Floors measured in the same run:
- advice: reading the same profile rows from the database (the query alone);
- segment count: bare SQL counting the rural communes of France (hand-written query);
- segment summary: reading the segment's profile rows from the database (the query alone).

Targets (issues 4 and 11): all of France ≤ 2 s; the slowest segment count ≤ 100 ms; the
summary of a segment of about 500 communes ≤ 300 ms. (The collectivité page, ≤ 50 ms, is
measured by collectivite.py with 30,000 engaged collectivités.)
"""

import statistics
import tempfile
import time

from commun import COURT, bare_sql, database_argument, finish, median_ms, setup_django, size, verdict

RUNS = size(15, 3)


def advice_for_france() -> tuple[float, float, int]:
    from passerelles.core.models import Reseau
    from passerelles.leviers.conseil import advice_for_many
    from passerelles.leviers.profil import FIELDS
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    everyone = Collectivite.objects.filter(actif=True, type__in=["commune", "epci", "departement", "region"])
    if COURT:
        everyone = everyone.filter(region=reseau.region)
    started = time.perf_counter()
    rows = list(everyone.values(*FIELDS))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    advice = advice_for_many(reseau=reseau, collectivites=everyone)
    assert len(advice) == len(rows)
    return time.perf_counter() - started, floor, len(rows)


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


def sql_floor() -> float:
    return median_ms(
        bare_sql(
            [
                (
                    "SELECT COUNT(*) FROM territoires_collectivite "
                    "WHERE actif AND type = 'commune' AND densite IN (5, 6, 7)",
                    [],
                )
            ]
        ),
        RUNS,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        advice, advice_floor, size_ = advice_for_france()
        counts = {
            "rural communes of France": segment_count_time({"ruralite": "rural"}),
            "rural, not engaged, no cooperation": segment_count_time(
                {"ruralite": "rural", "etape": "non_engagees", "sans": "cooperation"}
            ),
            "within 40 km of Bourges": segment_count_time({"centre": "Bourges", "rayon_km": "40"}),
            "CA holding water, all France": segment_count_time({"type": "epci", "competence": "eau"}),
        }
        floor = sql_floor()
        summary, summary_floor, summary_size = summary_time()
    for label, value in counts.items():
        print(f"segment count, {label}: {value:.1f} ms")
    where = "one région" if COURT else "all of France"
    verdict(f"advice for {where} ({size_} collectivités)", advice, "s", floor=advice_floor, target=2)
    worst = max(counts, key=counts.get)
    verdict(f"slowest segment count ({worst})", counts[worst], "ms", floor=floor, target=100)
    verdict(
        f"segment summary ({summary_size} rural communes of the Cher and the Indre)",
        summary,
        "ms",
        floor=summary_floor,
        target=300,
    )
    finish()


if __name__ == "__main__":
    main()
