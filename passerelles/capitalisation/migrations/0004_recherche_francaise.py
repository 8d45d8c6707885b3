from django.db import migrations

SECTIONS = (
    "titre", "porteur", "resume", "interet", "collectivites_ciblees", "besoin_initial", "objectifs", "approche",
    "resultats", "calendrier", "ressources", "acteurs", "outils", "leviers", "limites", "enseignements",
)


def fold_existing_fiches(apps, schema_editor):
    from passerelles.territoires.normalisation import normalise

    Fiche = apps.get_model("capitalisation", "Fiche")
    for fiche in Fiche.objects.all():
        parts = [getattr(fiche, key) for key in SECTIONS] + [v.get("texte", "") for v in fiche.verbatims]
        Fiche.objects.filter(pk=fiche.pk).update(texte_replie=normalise(" ".join(parts)))


def use_french_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS capitalisation_fiche_recherche")
        schema_editor.execute(
            "CREATE INDEX capitalisation_fiche_recherche_fr ON capitalisation_fiche "
            "USING gin (to_tsvector('french', texte_replie))"
        )


def back_to_simple(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS capitalisation_fiche_recherche_fr")
        schema_editor.execute(
            "CREATE INDEX capitalisation_fiche_recherche ON capitalisation_fiche "
            "USING gin (to_tsvector('simple', index_recherche))"
        )


class Migration(migrations.Migration):
    dependencies = [("capitalisation", "0003_texte_replie")]
    operations = [
        migrations.RunPython(fold_existing_fiches, migrations.RunPython.noop),
        migrations.RunPython(use_french_search, back_to_simple),
    ]
