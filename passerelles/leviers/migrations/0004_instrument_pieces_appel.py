import django.db.models.deletion
from django.db import migrations, models


def load_calls_and_documents(apps, schema_editor):
    from passerelles.leviers.catalogue import calls_and_documents_load

    calls_and_documents_load(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('leviers', '0003_catalogue_livre'),
    ]

    operations = [
        migrations.AddField(
            model_name='instrument',
            name='pieces',
            field=models.JSONField(blank=True, default=list, help_text="Les documents qu'un dossier joint d'habitude, d'après les sources.", verbose_name='pièces habituellement demandées'),
        ),
        migrations.CreateModel(
            name='Appel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nom', models.CharField(help_text='Par exemple « Appel 2024-2026 ».', max_length=120)),
                ('nature', models.CharField(choices=[('appel', 'Appel à projets'), ('declaration', 'Fenêtre de déclaration e-APD')], default='appel', max_length=20)),
                ('ouverture', models.DateField(blank=True, null=True)),
                ('cloture', models.DateField(blank=True, null=True, verbose_name='clôture')),
                ('note', models.CharField(blank=True, max_length=300)),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source (adresse)')),
                ('source_titre', models.CharField(blank=True, max_length=300, verbose_name='source (titre)')),
                ('modifie_le', models.DateTimeField(auto_now=True)),
                ('instrument', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appels', to='leviers.instrument')),
            ],
            options={
                'ordering': ['instrument__nom', models.OrderBy(models.F('cloture'), descending=True, nulls_first=True), 'nom'],
                'constraints': [models.UniqueConstraint(fields=('instrument', 'nom'), name='appel_unique')],
            },
        ),
        migrations.RunPython(load_calls_and_documents, migrations.RunPython.noop),
    ]
