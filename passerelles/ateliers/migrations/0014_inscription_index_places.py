
import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0013_chiffres_des_reponses'),
        ('contacts', '0011_contact_import_en_cours'),
        ('core', '0009_compteurs'),
        ('territoires', '0006_index_postgresql'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='inscription',
            name='inscription_active_unique',
        ),
        migrations.AlterField(
            model_name='inscription',
            name='atelier',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='inscriptions', to='ateliers.atelier'),
        ),
        migrations.AddIndex(
            model_name='inscription',
            index=models.Index(fields=['atelier', 'etat', 'source', 'offre_expire_le'], name='inscription_places'),
        ),
        migrations.AddConstraint(
            model_name='inscription',
            constraint=models.UniqueConstraint(models.F('atelier'), django.db.models.functions.text.Lower('email'), condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('etat', 'annulee'), _negated=True)), name='inscription_active_unique'),
        ),
    ]
