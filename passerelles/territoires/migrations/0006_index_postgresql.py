"""PostgreSQL only; SQLite's pages are within their targets without them, and each index
would slow down its référentiel import.

- The peers a collectivité's page proposes (leviers/pairs.py): the engaged collectivités
  inside a box around it, then those without a position. Without these indexes, each of the
  two queries reads the whole table (39,000 wide rows) to keep the engaged ones: 10 ms each
  with 30,000 engaged.
- The count of the list of everything (the search page without a query): from a narrow
  index of the active rows rather than from the whole table, a third of the time.
"""

from django.db import migrations

POSTGRESQL_FORWARDS = [
    "CREATE INDEX collectivite_position ON territoires_collectivite (latitude, longitude)",
    "CREATE INDEX collectivite_sans_position ON territoires_collectivite (id) "
    "WHERE latitude IS NULL OR longitude IS NULL",
    "CREATE INDEX collectivite_actives ON territoires_collectivite (id) WHERE actif",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS collectivite_actives",
    "DROP INDEX IF EXISTS collectivite_sans_position",
    "DROP INDEX IF EXISTS collectivite_position",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("territoires", "0005_statut_particulier")]
    operations = [migrations.RunPython(_run(POSTGRESQL_FORWARDS), _run(POSTGRESQL_BACKWARDS))]
