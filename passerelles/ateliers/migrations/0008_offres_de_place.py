
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0007_sequence_ics'),
    ]

    operations = [
        migrations.AddField(
            model_name='atelier',
            name='offre_heures',
            field=models.PositiveSmallIntegerField(blank=True, help_text="Une place libérée est proposée par courriel à la première personne en attente, qui a ce délai pour l'accepter ; sinon elle passe à la suivante. Vide : la place lui est attribuée d'office.", null=True, verbose_name="durée d'une offre de place (heures)"),
        ),
        migrations.AddField(
            model_name='inscription',
            name='offre_expire_le',
            field=models.DateTimeField(blank=True, null=True, verbose_name="offre de place valable jusqu'au"),
        ),
    ]
