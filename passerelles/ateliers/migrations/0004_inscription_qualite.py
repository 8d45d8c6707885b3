
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0003_courriels'),
    ]

    operations = [
        migrations.AddField(
            model_name='inscription',
            name='qualite',
            field=models.CharField(choices=[('participant', 'Participant·e'), ('intervenant', 'Intervenant·e'), ('organisateur', 'Organisateur·rice'), ('partenaire', 'Partenaire')], default='participant', max_length=20, verbose_name='qualité'),
        ),
    ]
