
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_membre_nom_visible'),
    ]

    operations = [
        migrations.AddField(
            model_name='reseau',
            name='partage_agregats',
            field=models.BooleanField(default=False, help_text="Les autres réseaux qui partagent voient les comptes de nos ateliers par point d'entrée, jamais une personne ni une collectivité ; et nous voyons les leurs.", verbose_name='partage ses agrégats anonymes'),
        ),
    ]
