from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0010_passation_code_invitation'),
        ('contacts', '0010_cle_de_tri'),
        ('core', '0008_voix_du_reseau'),
        ('territoires', '0005_statut_particulier'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='inscription',
            index=models.Index(fields=['atelier', 'qualite', 'present', 'etat', 'source', 'role', 'collectivite'], name='inscription_chiffres'),
        ),
        migrations.AddIndex(
            model_name='invitation',
            index=models.Index(fields=['atelier', 'collectivite'], name='invitation_collectivites'),
        ),
    ]
