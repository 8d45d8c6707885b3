import secrets

import django.db.models.deletion
from django.db import migrations, models

import passerelles.ateliers.inscriptions.models

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def give_checkin_codes(apps, schema_editor):
    """Registrations made before QR check-in get their code too (drawn here, as the model's
    default may change later)."""
    Inscription = apps.get_model("ateliers", "Inscription")
    rows = list(Inscription.objects.filter(jeton_accueil__isnull=True).only("pk"))
    for row in rows:
        row.jeton_accueil = "".join(secrets.choice(ALPHABET) for _ in range(12))
    Inscription.objects.bulk_update(rows, ["jeton_accueil"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0008_offres_de_place'),
        ('core', '0008_voix_du_reseau'),
    ]

    operations = [
        migrations.AddField(
            model_name='inscription',
            name='jeton_accueil',
            field=models.CharField(editable=False, max_length=12, null=True, verbose_name="code d'accueil"),
        ),
        migrations.RunPython(give_checkin_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='inscription',
            name='jeton_accueil',
            field=models.CharField(default=passerelles.ateliers.inscriptions.models.new_checkin_code, editable=False, max_length=12, unique=True, verbose_name="code d'accueil"),
        ),
        migrations.AddField(
            model_name='inscription',
            name='pointage_horodate',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dernier pointage'),
        ),
        migrations.CreateModel(
            name='ActionPointage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cle', models.UUIDField(verbose_name='clé')),
                ('genre', models.CharField(choices=[('presence', 'Présence'), ('absence', 'Présence retirée'), ('sur_place', 'Venue sans inscription')], max_length=20)),
                ('horodate', models.DateTimeField(verbose_name='heure de la tablette')),
                ('recue_le', models.DateTimeField(auto_now_add=True)),
                ('atelier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ateliers.atelier')),
                ('inscription', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ateliers.inscription')),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('atelier', 'cle'), name='action_pointage_unique')],
            },
        ),
    ]
