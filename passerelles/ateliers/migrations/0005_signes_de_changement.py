
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0004_inscription_qualite'),
        ('core', '0004_membre_nom_visible'),
        ('mobilisation', '0004_preuve_des_etapes'),
        ('territoires', '0004_index_recherche_couvrant'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SigneChangement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date du constat')),
                ('constat', models.CharField(help_text='Ce qui a changé, en une phrase.', max_length=300)),
                ('source', models.CharField(help_text='Où on le voit : délibération n°…, courriel du…, budget primitif…', max_length=300)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('atelier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signes', to='ateliers.atelier')),
                ('collectivite', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoires.collectivite')),
                ('relance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='mobilisation.relance', verbose_name="relance qui l'a permis")),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
                ('saisi_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'signe de changement',
                'ordering': ['date', 'id'],
            },
        ),
    ]
