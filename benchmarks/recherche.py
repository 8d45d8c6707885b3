"""Benchmark: server time of the territory search with all of France loaded.

Run with the project's virtualenv: `.venv/bin/python benchmarks/recherche.py [--court]`
(SQLite, a fresh file), or `.venv/bin/python benchmarks/recherche.py postgres://…/empty_db` (an empty
PostgreSQL database, which it fills).

Server time is measured in-process around Django's test client (middleware, query,
template), without network, for the as-you-type request (the htmx fragment of the results
as the search box asks for it; one or two letters get a hint instead of a list), for the
same search on Enter (always searched, whatever its length) and for the whole page. The
floor, measured in the same run on the same connection, is the bare SQL a search needs:
counting the indexed matches and fetching one page of them by population (FTS5 on
SQLite, LIKE answered by pg_trgm on PostgreSQL).

Target (issues 11 and 23): the worst median of the as-you-type searches ≤ 15 ms; its floor
is the bare SQL of that same search.
"""

import statistics
import tempfile
import time

from commun import database_argument, finish, setup_django, size, verdict

QUERIES = [
    {"q": "nerondes"},
    {"q": "saint etienne"},
    {"q": "bourges"},
    {"q": "18350"},
    {"q": "200007177"},
    {"q": "la"},
    {"q": "e"},
    {"q": ""},
    {"type": "commune", "departement": "18"},
    {"q": "sur", "population": "500-2000", "region": "24"},
]
RUNS = size(40, 5)
AS_YOU_TYPE = {"HX-Request": "true", "HX-Target": "resultats", "HX-Trigger": "id_q"}
ENTER = {"HX-Request": "true", "HX-Target": "resultats"}
TARGET_MS = 15


def server_times(cases: list[tuple[dict, dict]]) -> list[list[float]]:
    """Times of each (params, headers) case, measured in turns (one request of each case,
    then again) so that a slower moment of the machine weighs on every case alike."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    for params, headers in cases:
        client.get("/territoires/", params, headers=headers)  # warm-up
    times = [[] for _ in cases]
    for _ in range(RUNS):
        for case_times, (params, headers) in zip(times, cases, strict=True):
            started = time.perf_counter()
            response = client.get("/territoires/", params, headers=headers)
            case_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return times


def floor_times(query: str) -> list[float]:
    from django.db import connection

    from passerelles.territoires.selectors import FTS_TABLE

    words = query.split()
    if not words:
        where, params = "actif", []
    elif connection.vendor == "sqlite":
        where = f"actif AND id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        params = [" ".join(f'"{word}"*' for word in words)]
    else:
        where = "actif" + " AND texte_recherche LIKE %s" * len(words)
        params = [f"% {word}%" for word in words]
    count = f"SELECT COUNT(*) FROM territoires_collectivite WHERE {where}"
    page = (
        f"SELECT * FROM territoires_collectivite WHERE {where} "
        "ORDER BY population_municipale DESC NULLS LAST LIMIT 25"
    )
    times = []
    for _ in range(RUNS):
        if not connection.settings_dict["CONN_MAX_AGE"]:
            connection.close()  # as each request does on SQLite, on a fresh connection
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(count, params)
            cursor.fetchone()
            cursor.execute(page, params)
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(database) -> None:
    setup_django(database)
    print(f"{'search':40} {'as-you-type':>11} {'p95':>6} {'Enter':>6} {'page':>6}   floor (bare SQL, median)")
    worst, worst_floor, worst_label = 0.0, None, ""
    cases = [(params, headers) for params in QUERIES for headers in (AS_YOU_TYPE, ENTER, {})]
    times = iter(server_times(cases))
    for params in QUERIES:
        typed, enter, page = sorted(next(times)), next(times), next(times)
        median, p95 = statistics.median(typed), typed[int(len(typed) * 0.95) - 1]
        label = "&".join(f"{k}={v}" for k, v in params.items()) or "(all)"
        floor = statistics.median(floor_times(params.get("q", "")))
        if median >= worst:
            worst, worst_floor, worst_label = median, floor, label
        print(
            f"{label:40} {median:8.1f} ms {p95:6.1f} {statistics.median(enter):6.1f} "
            f"{statistics.median(page):6.1f}   {floor:.1f} ms"
        )
    verdict(f"worst as-you-type median ({worst_label})", worst, "ms", floor=worst_floor, target=TARGET_MS)
    finish()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run(database_argument(tmp))


if __name__ == "__main__":
    main()
