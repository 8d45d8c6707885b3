"""The peers a collectivité's page proposes are looked up by position, and the list of every
active collectivité counted, through indexes on PostgreSQL (migration 0006); SQLite has none,
which would slow down its référentiel import."""

import pytest
from django.db import connection

from passerelles.territoires.models import Collectivite


@pytest.mark.parametrize(
    "index", ["collectivite_position", "collectivite_sans_position", "collectivite_actives"]
)
def test_the_index_exists_on_postgresql_only(db, index):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Collectivite._meta.db_table)
    assert (index in indexes) is (connection.vendor == "postgresql")
