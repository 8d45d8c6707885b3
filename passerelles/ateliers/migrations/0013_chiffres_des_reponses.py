import passerelles.ateliers.suivi.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0012_inscription_a_traiter'),
        ('contacts', '0011_contact_import_en_cours'),
        ('core', '0008_voix_du_reseau'),
        ('territoires', '0005_statut_particulier'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='inscription',
            name='inscription_chiffres',
        ),
        migrations.AddField(
            model_name='reponse',
            name='valeurs_comptees',
            field=models.GeneratedField(db_persist=True, expression=passerelles.ateliers.suivi.models.ValeursComptees('valeurs'), output_field=models.TextField()),
        ),
        migrations.AddIndex(
            model_name='inscription',
            index=models.Index(fields=['atelier', 'qualite', 'present', 'etat', 'source', 'role', 'civilite', 'collectivite'], name='inscription_chiffres'),
        ),
        migrations.AddIndex(
            model_name='reponse',
            index=models.Index(fields=['questionnaire', 'valeurs_comptees', 'repondu_le'], name='reponse_comptees'),
        ),
    ]
