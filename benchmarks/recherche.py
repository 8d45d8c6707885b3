"""Benchmark: server time of the territory search page with all of France loaded.

Run with the project's virtualenv: `.venv/bin/python benchmarks/recherche.py`.

Server time is measured in-process around Django's test client (middleware, query,
template), without network. The floor, measured in the same run, is the bare SQL a
search needs: `sqlite3` counting and fetching one page of the same LIKE query.

Target (issue 2): ≤ 50 ms of server time per search.
"""

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from commun import machine, setup_django

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
RUNS = 20


def server_times(params: dict) -> list[float]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    client.get("/territoires/", params)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get("/territoires/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def floor_times(database: Path, words: str) -> list[float]:
    connection = sqlite3.connect(database)
    like = f"% {words}%"
    sql_count = "SELECT COUNT(*) FROM territoires_collectivite WHERE actif AND texte_recherche LIKE ?"
    sql_page = (
        "SELECT * FROM territoires_collectivite WHERE actif AND texte_recherche LIKE ? "
        "ORDER BY population_municipale DESC LIMIT 25"
    )
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        connection.execute(sql_count, (like,)).fetchone()
        connection.execute(sql_page, (like,)).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    connection.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "recherche.sqlite3"
        setup_django(database)
        print(f"machine: {machine()}")
        print(f"{'search':45} {'median':>8} {'p95':>8}   floor (bare SQL, median)")
        worst = 0.0
        for params in QUERIES:
            times = sorted(server_times(params))
            median, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
            worst = max(worst, median)
            label = "&".join(f"{k}={v}" for k, v in params.items()) or "(all)"
            floor = statistics.median(floor_times(database, params.get("q", "")))
            print(f"{label:45} {median:7.1f}  {p95:7.1f}   {floor:.1f} ms")
        verdict = "OK" if worst <= 50 else "AU-DELÀ DE LA CIBLE"
        print(f"worst median: {worst:.1f} ms (target ≤ 50 ms) → {verdict}")


if __name__ == "__main__":
    main()
