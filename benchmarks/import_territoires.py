"""Benchmark: the all-France référentiel import, against a plain sqlite3 floor.

Run with the project's virtualenv: `.venv/bin/python benchmarks/import_territoires.py`.

- import: `referentiel_import()` from the shipped snapshot into a fresh, migrated SQLite
  database (reading, decompressing, validating, building and writing rows);
- floor: the same rows written by `sqlite3.executemany` in one transaction into tables
  created with the same DDL (same columns and indexes) and the same pragmas.

Target (issue 2): import ≤ 3 × floor and < 10 s.
"""

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 3


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
    report = referentiel_import()
    elapsed = time.perf_counter() - started
    assert sum(c.created for c in report.counts.values()) > 38_000
    connection.close()
    return elapsed


def time_floor(imported: Path, workdir: Path, run: int) -> float:
    source = sqlite3.connect(imported)
    table = "territoires_collectivite"
    ddl = [
        sql
        for (sql,) in source.execute(
            # The table, then its indexes: the floor is the bare rows and their indexes (the
            # search index's triggers name a table the floor does not have).
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND type IN "
            "('table', 'index') ORDER BY type = 'index'",
            (table,),
        )
    ]
    rows = source.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    columns = len(rows[0])
    source.close()

    target = sqlite3.connect(workdir / f"floor-{run}.sqlite3", isolation_level=None)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    target.execute("PRAGMA foreign_keys=ON")  # as Django's SQLite backend does
    for statement in ddl:  # table first, then its indexes
        target.execute(statement)
    started = time.perf_counter()
    target.execute("BEGIN")
    target.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * columns)})", rows)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        database = workdir / "import.sqlite3"
        setup_django(database)
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
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"import (best of {REPEAT}): {best_import:.2f} s   runs: {', '.join(f'{t:.2f}' for t in imports)}")
    print(f"floor  (best of {REPEAT}): {best_floor:.2f} s   runs: {', '.join(f'{t:.2f}' for t in floors)}")
    ratio = best_import / best_floor
    verdict = "OK" if ratio <= 3 and best_import < 10 else "AU-DELÀ DE LA CIBLE"
    print(f"ratio: {ratio:.2f} × floor (target ≤ 3 ×, import < 10 s) → {verdict}")


if __name__ == "__main__":
    main()
