from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE capitalisation_fiche_fts USING fts5(texte, tokenize = 'unicode61')")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX capitalisation_fiche_recherche ON capitalisation_fiche "
            "USING gin (to_tsvector('simple', index_recherche))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS capitalisation_fiche_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS capitalisation_fiche_recherche")


class Migration(migrations.Migration):
    dependencies = [("capitalisation", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
