import passerelles.mobilisation.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0011_contact_import_en_cours'),
        ('core', '0008_voix_du_reseau'),
        ('mobilisation', '0004_preuve_des_etapes'),
        ('territoires', '0005_statut_particulier'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='relance',
            name='atelier_origine',
            field=models.GeneratedField(db_persist=True, expression=passerelles.mobilisation.models.AtelierDeLOrigine('origine'), output_field=models.CharField(max_length=100)),
        ),
        migrations.AddIndex(
            model_name='relance',
            index=models.Index(fields=['reseau', 'atelier_origine', 'echeance', 'faite_le'], name='relance_atelier'),
        ),
    ]
