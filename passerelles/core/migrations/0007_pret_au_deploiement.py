from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    """The shared cache (rate limits of the public pages) lives in the database: `migrate`
    alone then leaves a working application, with no separate step to forget."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def mark_the_demo(apps, schema_editor):
    apps.get_model("core", "Reseau").objects.filter(
        slug="centraider", nom__endswith="(démonstration)"
    ).update(demonstration=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_reseau_agenda_origines"),
    ]

    operations = [
        migrations.AddField(
            model_name="reseau",
            name="demonstration",
            field=models.BooleanField(
                default=False,
                help_text="Ses courriels ne partent que vers des adresses fictives (example.org, .test, .invalid…).",
                verbose_name="réseau de démonstration",
            ),
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(mark_the_demo, migrations.RunPython.noop),
    ]
