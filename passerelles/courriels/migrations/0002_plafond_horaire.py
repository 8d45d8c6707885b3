
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0010_cle_de_tri'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0008_voix_du_reseau'),
        ('courriels', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['envoye_le'], name='courriel_envoye_le'),
        ),
    ]
