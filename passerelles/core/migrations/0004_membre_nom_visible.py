
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_travaux'),
    ]

    operations = [
        migrations.AddField(
            model_name='membre',
            name='nom_visible_autres_reseaux',
            field=models.BooleanField(default=False, help_text='Sinon, les autres réseaux voient le réseau et le rôle (édition du catalogue partagé).', verbose_name='nom montré aux autres réseaux'),
        ),
    ]
