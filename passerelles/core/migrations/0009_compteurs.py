
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_voix_du_reseau'),
    ]

    operations = [
        migrations.CreateModel(
            name='Compteur',
            fields=[
                ('cle', models.CharField(max_length=255, primary_key=True, serialize=False, verbose_name='clé')),
                ('nombre', models.BigIntegerField()),
                ('expire_le', models.DateTimeField(db_index=True)),
            ],
            options={
                'verbose_name': 'compteur de limite',
            },
        ),
    ]
