from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0011_index_chiffres'),
    ]

    operations = [
        migrations.AddField(
            model_name='inscription',
            name='a_traiter',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name='inscription',
            index=models.Index(condition=models.Q(('a_traiter', True)), fields=['cree_le'], name='inscription_a_traiter'),
        ),
    ]
