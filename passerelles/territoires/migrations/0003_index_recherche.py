"""Indexes for the as-you-type territory search, one per database.

SQLite: an FTS5 table of the search words and postal codes (kept in step by triggers),
whose prefix indexes answer "a word starting with …" from the first letter typed: a
trigram tokenizer would need three characters. PostgreSQL: pg_trgm GIN indexes, which
pad words so that LIKE '% e%' is answered by the index too. Both: population in the
order of the results, so that a list without a query is read straight from the index.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FTS = "territoires_collectivite_fts"
SQLITE_FORWARDS = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(texte_recherche, codes_postaux, "
    "content='territoires_collectivite', content_rowid='id', prefix='1 2 3')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON territoires_collectivite BEGIN
        INSERT INTO {FTS}(rowid, texte_recherche, codes_postaux)
        VALUES (new.id, new.texte_recherche, new.codes_postaux);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON territoires_collectivite BEGIN
        INSERT INTO {FTS}({FTS}, rowid, texte_recherche, codes_postaux)
        VALUES ('delete', old.id, old.texte_recherche, old.codes_postaux);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF texte_recherche, codes_postaux
        ON territoires_collectivite BEGIN
        INSERT INTO {FTS}({FTS}, rowid, texte_recherche, codes_postaux)
        VALUES ('delete', old.id, old.texte_recherche, old.codes_postaux);
        INSERT INTO {FTS}(rowid, texte_recherche, codes_postaux)
        VALUES (new.id, new.texte_recherche, new.codes_postaux);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    "CREATE INDEX collectivite_population ON territoires_collectivite (population_municipale DESC)",
]
SQLITE_BACKWARDS = [
    "DROP INDEX IF EXISTS collectivite_population",
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARDS = [
    "CREATE INDEX collectivite_texte_trgm ON territoires_collectivite "
    "USING gin (texte_recherche gin_trgm_ops)",
    "CREATE INDEX collectivite_codes_postaux_trgm ON territoires_collectivite "
    "USING gin (codes_postaux gin_trgm_ops)",
    "CREATE INDEX collectivite_population ON territoires_collectivite "
    "(population_municipale DESC NULLS LAST)",
]
POSTGRESQL_BACKWARDS = [
    f"DROP INDEX IF EXISTS {name}"
    for name in ("collectivite_texte_trgm", "collectivite_codes_postaux_trgm", "collectivite_population")
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("territoires", "0002_index_code")]
    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRESQL_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRESQL_BACKWARDS}),
        ),
    ]
