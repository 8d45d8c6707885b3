"""Shared set-up for benchmarks: a fresh database with all of France and the demo, the short
mode, and the verdicts.

Short mode (`--court` on the command line, or `BENCH_COURT=1` in the environment): every
benchmark runs with small sizes, so that CI can check in a couple of minutes that none of
them is broken. Its verdicts are printed, marked « mode court », but they do not count: the
sizes are too small for the targets to mean anything, so a short run fails only when a
benchmark crashes. The full sizes (`make benchmark`) are the ones the targets speak of; a
full run exits non-zero when any verdict is KO.

A verdict line reads `VERDICT: OK|KO — <figure> (floor <floor>, ratio <r>×, target <t>)`.
A floor is the bare work of the same rows measured in the same run (bare SQL, a bare INSERT,
plain smtplib), never another page.
"""

import math
import os
import shutil
import sys
import time
from pathlib import Path

COURT = "--court" in sys.argv or os.environ.get("BENCH_COURT") == "1"
if "--court" in sys.argv:
    sys.argv.remove("--court")  # what remains is the optional postgres:// URL

# A database already migrated, with all of France and the demo, that `tous.py` builds once for
# a whole run: copying it costs a second where building it costs about twenty. On PostgreSQL,
# `tous.py` hands each benchmark a copy of such a database and says so with BENCH_PG_PRET=1.
GABARIT = os.environ.get("BENCH_GABARIT")
PG_PRET = os.environ.get("BENCH_PG_PRET") == "1"
# Where `tous.py` collects every verdict of a run (one JSON object a line), to take medians.
RESULTATS = os.environ.get("BENCH_RESULTATS")

_verdicts: list[bool] = []


def size(full: int, short: int) -> int:
    """The size of this run: `full` normally, `short` in short mode."""
    return short if COURT else full


def database_argument(tmp: Path | str, name: str = "bench.sqlite3") -> Path | str:
    """The PostgreSQL URL given on the command line, else a fresh SQLite file in `tmp`."""
    return sys.argv[1] if len(sys.argv) > 1 else Path(tmp) / name


def setup_django(database: Path | str, *, referentiel: bool = True) -> None:
    """`database`: a SQLite file, or the URL of an empty PostgreSQL database."""
    url = database if str(database).startswith("postgres") else f"sqlite:///{database}"
    os.environ.update(DEBUG="1", DATABASE_URL=url, DJANGO_SETTINGS_MODULE="passerelles.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    copied = False
    if referentiel and GABARIT and not url.startswith("postgres") and Path(GABARIT).exists():
        shutil.copyfile(GABARIT, database)
        copied = True
    if referentiel and PG_PRET and url.startswith("postgres"):
        copied = True
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if referentiel and not copied:
        call_command("import_territoires", verbosity=0)
        call_command("demo", verbosity=0)
        _analyse()
    # Measured as in production, where DEBUG is off: on, it logs every query, which no user's
    # request pays. (It stays on in the environment for the set-up: the demo réseau refuses to
    # be installed without it, and pages need no collected static files.)
    from django.conf import settings

    settings.DEBUG = False
    header()


def _analyse() -> None:
    """Fresh statistics, as autovacuum keeps them on a server that has been running: right
    after a bulk load, PostgreSQL would otherwise plan from an empty table's estimates."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def analyse() -> None:
    """To call after a benchmark loads its own data (same reason as above)."""
    _analyse()


def machine() -> str:
    import platform
    import sqlite3

    try:
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = f"SQLite {sqlite3.sqlite_version}"
    except Exception:  # noqa: BLE001  (before Django is set up: SQLite is what sqlite3 says)
        database = f"SQLite {sqlite3.sqlite_version}"
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {database}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def header() -> None:
    """The machine and its load: the same code is slower on a machine shared with other work."""
    mode = "mode court (small sizes: the verdicts do not count)" if COURT else "full sizes"
    print(f"machine: {machine()}; load average {load_average()}; {mode}", flush=True)


def _figure(value: float, unit: str) -> str:
    if unit == "":  # a pure number: a growth exponent
        return f"{value:.2f}"
    if unit in ("ms", "×"):
        return f"{value:,.1f}{' ' + unit if unit else ''}".replace(",", " ")
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value:.2f} s"
    return f"{value:,.0f} {unit}".replace(",", " ")


def verdict(
    label: str,
    value: float,
    unit: str,
    *,
    floor: float | None,
    target: float,
    ratio_target: bool = False,
    floor_unit: str | None = None,
) -> bool:
    """Prints one verdict line and remembers it.

    The target is on the figure itself (`value ≤ target`, in `unit`), or, with
    `ratio_target`, on the ratio to the floor (`value / floor ≤ target`)."""
    # A ratio to a floor of zero or less, or of a negative figure, would mean nothing.
    ratio = value / floor if floor and floor > 0 and value >= 0 and math.isfinite(value) else None
    ok = (ratio is not None and ratio <= target) if ratio_target else value <= target
    floor_text = "—" if floor is None else _figure(floor, floor_unit or unit)
    ratio_text = "—" if ratio is None else f"{ratio:.1f}"
    target_text = f"≤ {target:g}× the floor" if ratio_target else f"≤ {target:g} {unit}".rstrip()
    court = " — mode court" if COURT else ""
    print(
        f"VERDICT: {'OK' if ok else 'KO'} — {label}: {_figure(value, unit)} "
        f"(floor {floor_text}, ratio {ratio_text}×, target {target_text}){court}",
        flush=True,
    )
    _verdicts.append(ok)
    if RESULTATS:
        _record(
            label=label,
            value=value,
            unit=unit,
            floor=floor,
            ratio=ratio,
            target=target,
            ratio_target=ratio_target,
            target_text=target_text,
        )
    return ok


def _record(**result) -> None:
    import json

    result["benchmark"] = os.environ.get("BENCH_NOM", Path(sys.argv[0]).name)
    result["load"] = os.getloadavg()[0]
    with open(RESULTATS, "a", encoding="utf-8") as file:
        file.write(json.dumps(result, ensure_ascii=False) + "\n")


def finish() -> None:
    """Ends the benchmark: non-zero on any KO in full mode; in short mode only a crash fails."""
    print(f"load average at the end: {load_average()}")
    failed = _verdicts.count(False)
    if not _verdicts:
        print("no verdict was printed", file=sys.stderr)
        sys.exit(2)
    if failed and not COURT:
        print(f"{failed} verdict(s) KO")
        sys.exit(3)  # apart from a crash's 1, so that tous.py can tell them apart


def bare_insert(table: str, rows: list[dict], *, copy_of: int | None = None) -> float:
    """Seconds to INSERT `rows` into `table` with one `executemany` in one transaction, on
    Django's connection (the same database, SQLite or PostgreSQL): the bare write of those
    rows. Each row gives some columns; the others are copied from the row `copy_of` (an id;
    by default the table's first row), so the floor writes as much as the real rows."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        where = "WHERE id = %s" if copy_of else ""
        cursor.execute(f"SELECT * FROM {table} {where} ORDER BY id LIMIT 1", [copy_of] if copy_of else [])
        names = [column[0] for column in cursor.description]
        sample = dict(zip(names, cursor.fetchone(), strict=True))
    del sample["id"]
    columns = list(sample)
    values = [tuple(row.get(name, sample[name]) for name in columns) for row in rows]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, values)
    return time.perf_counter() - started


def median_ms(call, runs: int) -> float:
    """Median wall time of `call()` in milliseconds, after one warm-up call."""
    import statistics

    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_sql(queries: list[tuple[str, list]]):
    """A callable running each (sql, params) on Django's connection and fetching every row:
    the bare SQL of a floor, without models, forms or templates."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def page_getter(client, url: str, **headers):
    """A callable getting `url` with a logged-in test client and checking its status."""

    def get():
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def growth_exponent(sizes: list[float], times: list[float]) -> float:
    """Slope of log(time) against log(size), least squares over every point measured: 1 is
    linear growth, 0 a time that does not depend on the data."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def build_template(database: Path | str) -> None:
    """Builds the database that setup_django copies (see GABARIT and PG_PRET): a SQLite file,
    or the URL of an empty PostgreSQL database."""
    global GABARIT, PG_PRET
    GABARIT, PG_PRET = None, False
    setup_django(database)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # One file to copy: the write-ahead log folded into the database.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


if __name__ == "__main__":
    build_template(sys.argv[1] if sys.argv[1].startswith("postgres") else Path(sys.argv[1]))
