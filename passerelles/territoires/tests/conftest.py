import pytest
from django.db import connection

from passerelles.territoires.models import Collectivite


@pytest.fixture
def empty_referentiel(db):
    """Tests of small files start from an empty référentiel (rolled back afterwards)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Collectivite._meta.db_table}")
