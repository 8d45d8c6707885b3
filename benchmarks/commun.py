"""Shared set-up for benchmarks: a fresh SQLite database with all of France and the demo."""

import os
import sys
from pathlib import Path


def setup_django(database: Path | str, *, referentiel: bool = True) -> None:
    """`database`: a SQLite file, or the URL of an empty PostgreSQL database."""
    url = database if str(database).startswith("postgres") else f"sqlite:///{database}"
    os.environ.update(DEBUG="1", DATABASE_URL=url, DJANGO_SETTINGS_MODULE="passerelles.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if referentiel:
        call_command("import_territoires", verbosity=0)
        call_command("demo", verbosity=0)
        _analyse()


def _analyse() -> None:
    """Fresh statistics, as autovacuum keeps them on a server that has been running: right
    after a bulk load, PostgreSQL would otherwise plan from an empty table's estimates."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def machine() -> str:
    import platform
    import sqlite3

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {database}"
