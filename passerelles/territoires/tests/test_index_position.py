"""The peers a collectivité's page proposes are looked up by position, through indexes on
PostgreSQL (migration 0006); SQLite has none, which would slow down its référentiel import."""

from django.db import connection

from passerelles.territoires.models import Collectivite


def test_positions_are_indexed_on_postgresql_only(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Collectivite._meta.db_table)
    on_postgresql = connection.vendor == "postgresql"
    assert ("collectivite_position" in indexes) is on_postgresql
    assert ("collectivite_sans_position" in indexes) is on_postgresql
