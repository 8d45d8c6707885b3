import django.db.models.deletion
import passerelles.accompagnement.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accompagnement', '0001_initial'),
        ('core', '0008_voix_du_reseau'),
        ('leviers', '0004_instrument_pieces_appel'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='appel_catalogue',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='leviers.appel', verbose_name='appel daté du catalogue'),
        ),
        migrations.AddField(
            model_name='dossier',
            name='origine',
            field=models.CharField(choices=[('saisie', 'Saisi directement'), ('collectivite', 'Page de la collectivité'), ('relance', 'Relance'), ('enquete', "Réponse à l'enquête d'un atelier"), ('atelier', "Suivi d'un atelier")], default='saisie', max_length=20),
        ),
        migrations.AddField(
            model_name='dossier',
            name='origine_libelle',
            field=models.CharField(blank=True, max_length=300, verbose_name='origine (détail)'),
        ),
        migrations.CreateModel(
            name='PieceDossier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fichier', models.FileField(max_length=300, upload_to=passerelles.accompagnement.models.piece_path)),
                ('nom', models.CharField(max_length=200, verbose_name='nom du fichier')),
                ('piece', models.CharField(blank=True, help_text="La pièce habituellement demandée qu'il fournit.", max_length=200, verbose_name='pièce')),
                ('taille', models.PositiveIntegerField(verbose_name='taille (octets)')),
                ('ajoute_le', models.DateTimeField(auto_now_add=True)),
                ('ajoute_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pieces', to='accompagnement.dossier')),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'verbose_name': "pièce d'un dossier",
                'ordering': ['piece', 'nom', 'id'],
            },
        ),
    ]
