from django.db import migrations

# On PostgreSQL, the French vector of each fiche is stored (a generated column) and indexed:
# computed at query time, ranking a word most fiches hold meant computing it for each of them
# (1.2 s over 1,000 fiches). SQLite searches its FTS5 table (0002) and has no such column.


def store_the_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE capitalisation_fiche ADD COLUMN vecteur_fr tsvector "
            "GENERATED ALWAYS AS (to_tsvector('french', texte_replie)) STORED"
        )
        schema_editor.execute("DROP INDEX IF EXISTS capitalisation_fiche_recherche_fr")
        schema_editor.execute(
            "CREATE INDEX capitalisation_fiche_recherche_fr ON capitalisation_fiche USING gin (vecteur_fr)"
        )


def compute_it_again(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS capitalisation_fiche_recherche_fr")
        schema_editor.execute("ALTER TABLE capitalisation_fiche DROP COLUMN vecteur_fr")
        schema_editor.execute(
            "CREATE INDEX capitalisation_fiche_recherche_fr ON capitalisation_fiche "
            "USING gin (to_tsvector('french', texte_replie))"
        )


class Migration(migrations.Migration):
    dependencies = [("capitalisation", "0005_sans_index_recherche")]
    operations = [migrations.RunPython(store_the_vector, compute_it_again)]
