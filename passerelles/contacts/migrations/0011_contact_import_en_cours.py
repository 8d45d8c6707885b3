
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0010_cle_de_tri'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='import_en_cours',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
    ]
