"""SQLite: an index holding every column the search filters, ranks and sorts on, so that
finding the 25 best of thousands of matches (« la ») reads only this index, never the
table's wide rows. PostgreSQL ranks from its heap pages and needs nothing more."""

from django.db import migrations

INDEX = "collectivite_recherche_couvrant"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON territoires_collectivite "
            "(id, actif, population_municipale, type, nom_normalise, nom, code, region_id, departement_id, zone)"
        )
        schema_editor.execute("ANALYZE territoires_collectivite")  # or the planner ignores it


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("territoires", "0003_index_recherche")]
    operations = [migrations.RunPython(create, drop)]
