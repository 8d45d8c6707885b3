"""The WSGI application of inscription.py's server: Passerelles itself, plus the floor's bare
view at /banc/plancher/, served by the same gunicorn workers so that both pay the same
server, the same sockets and the same database connection settings.

The bare view parses the posted form, then in one transaction reads the atelier's capacity
(locking its row on PostgreSQL), counts its confirmed seats and inserts the registration:
what any registration must do, without forms, matching, contacts, email or templates.
"""

import os
import secrets
from urllib.parse import parse_qs

from django.db import connection, transaction
from django.utils import timezone

from passerelles.wsgi import application as passerelles

ATELIER = int(os.environ["BANC_ATELIER"])
_insert: tuple[str, list[str], dict] | None = None


def _insert_statement() -> tuple[str, list[str], dict]:
    """Every column of a registration, copied from the first one the real view made (the
    benchmark makes it before timing): the floor writes a row as wide as the real one."""
    global _insert
    if _insert is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT * FROM ateliers_inscription WHERE atelier_id = %s ORDER BY id LIMIT 1", [ATELIER]
            )
            names = [column[0] for column in cursor.description]
            sample = dict(zip(names, cursor.fetchone(), strict=True))
        del sample["id"]
        columns = list(sample)
        sql = (
            f"INSERT INTO ateliers_inscription ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        _insert = sql, columns, sample
    return _insert


def floor(environ, start_response):
    # Imported once the WSGI module above has set Django up.
    from passerelles.ateliers.inscriptions.models import new_checkin_code

    length = int(environ.get("CONTENT_LENGTH") or 0)
    form = {key: values[0] for key, values in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
    sql, columns, sample = _insert_statement()
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT capacite FROM ateliers_atelier WHERE id = %s{lock}", [ATELIER])
        (capacite,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM ateliers_inscription WHERE atelier_id = %s AND etat = 'confirmee'",
            [ATELIER],
        )
        (taken,) = cursor.fetchone()
        row = dict(
            sample,
            nom=form.get("nom", ""),
            prenom=form.get("prenom", ""),
            email=form.get("email", ""),
            jeton=secrets.token_urlsafe(24),
            jeton_accueil=new_checkin_code(),
            etat="confirmee" if capacite is None or taken < capacite else "attente",
            cree_le=connection.ops.adapt_datetimefield_value(timezone.now()),
        )
        cursor.execute(sql, [row[name] for name in columns])
    start_response("303 See Other", [("Location", "/"), ("Content-Length", "0")])
    return [b""]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/banc/plancher/":
        return floor(environ, start_response)
    return passerelles(environ, start_response)
