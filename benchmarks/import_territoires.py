"""Benchmark: the all-France référentiel import, against a plain sqlite3 floor (SQLite only).

Run with the project's virtualenv: `.venv/bin/python benchmarks/import_territoires.py
[--court]` (short mode: one région, one run).

- import: `referentiel_import()` from the shipped snapshot into a fresh, migrated SQLite
  database (reading, decompressing, validating, building and writing rows);
- floor: the same rows written by `sqlite3.executemany` in one transaction into a table
  created with the same DDL (same columns and indexes) and the same pragmas, then the search
  index (the same FTS5 table) built once from those rows: the table and all its indexes.

Targets: import ≤ 2× the floor (issue 23); import < 10 s (issue 2).
"""

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from commun import COURT, finish, header, size, verdict

REPEAT = size(3, 1)
# Short mode imports one région (Centre-Val de Loire): the same code on 2,000 rows.
REGION = "24" if COURT else None


def setup_django(database: Path) -> None:
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "passerelles.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def time_import() -> float:
    from django.core.management import call_command
    from django.db import connection

    from passerelles.territoires.importer import referentiel_import

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    report = referentiel_import(region=REGION)
    elapsed = time.perf_counter() - started
    assert sum(c.created for c in report.counts.values()) > (1_500 if COURT else 38_000)
    connection.close()
    return elapsed


def time_floor(imported: Path, workdir: Path, run: int) -> float:
    source = sqlite3.connect(imported)
    table = "territoires_collectivite"
    fts = f"{table}_fts"
    ddl = [
        sql
        for (sql,) in source.execute(
            # The table, then its indexes: the floor is the bare rows and their indexes. The
            # search index's triggers are left out: the floor builds that index once below.
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND type IN "
            "('table', 'index') ORDER BY type = 'index'",
            (table,),
        )
    ]
    (search_index,) = source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (fts,)).fetchone()
    rows = source.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    columns = len(rows[0])
    source.close()

    target = sqlite3.connect(workdir / f"floor-{run}.sqlite3", isolation_level=None)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    target.execute("PRAGMA foreign_keys=ON")  # as Django's SQLite backend does
    for statement in [*ddl, search_index]:  # table first, then its indexes
        target.execute(statement)
    started = time.perf_counter()
    target.execute("BEGIN")
    target.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})", rows)
    target.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # the search index, once
    target.execute("COMMIT")
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        database = workdir / "import.sqlite3"
        setup_django(database)
        header()
        from django.conf import settings
        from django.db import connection

        imports = []
        for _ in range(REPEAT):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            settings.DATABASES["default"]["NAME"] = str(database)
            connection.close()
            imports.append(time_import())
        floors = [time_floor(database, workdir, run) for run in range(REPEAT)]

    best_import, best_floor = min(imports), min(floors)
    print(f"import (best of {REPEAT}): {best_import:.2f} s   runs: {', '.join(f'{t:.2f}' for t in imports)}")
    print(f"floor  (best of {REPEAT}): {best_floor:.2f} s   runs: {', '.join(f'{t:.2f}' for t in floors)}")
    what = "référentiel import" + (" (one région)" if COURT else " (all of France)")
    verdict(what, best_import, "s", floor=best_floor, target=2, ratio_target=True)
    verdict(what, best_import, "s", floor=best_floor, target=10)
    finish()


if __name__ == "__main__":
    main()
