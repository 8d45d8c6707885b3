import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contacts', '0010_cle_de_tri'),
        ('core', '0008_voix_du_reseau'),
        ('leviers', '0003_catalogue_livre'),
        ('territoires', '0004_index_recherche_couvrant'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Dossier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('appel', models.CharField(blank=True, max_length=100, verbose_name='appel ou année')),
                ('pays', models.CharField(blank=True, max_length=100, verbose_name='pays du partenaire')),
                ('pays_code', models.CharField(blank=True, help_text='ISO 3166-1, lu depuis « pays ».', max_length=2)),
                ('partenaire', models.CharField(blank=True, max_length=200, verbose_name='collectivité partenaire')),
                ('etat', models.CharField(choices=[('idee', 'Idée'), ('en_montage', 'En montage'), ('depose', 'Déposé'), ('retenu', 'Retenu'), ('refuse', 'Refusé'), ('abandonne', 'Abandonné')], default='idee', max_length=20, verbose_name='état')),
                ('montant_demande', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0, 'Un montant ne peut pas être négatif.')], verbose_name='montant demandé (€)')),
                ('montant_accorde', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0, 'Un montant ne peut pas être négatif.')], verbose_name='montant accordé (€)')),
                ('part_collectivite', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0, 'Un montant ne peut pas être négatif.')], verbose_name='part de la collectivité (€)')),
                ('echeance', models.DateField(blank=True, null=True, verbose_name='échéance')),
                ('verdict_statut', models.CharField(blank=True, max_length=20)),
                ('verdict_libelle', models.CharField(blank=True, max_length=300)),
                ('verdict_route', models.CharField(blank=True, max_length=300)),
                ('verdict_regle', models.CharField(blank=True, choices=[('', 'Aucune règle renseignée'), ('depose', 'Qui dépose (type de collectivité)'), ('competence', 'Compétence détenue'), ('partenaire', 'Pays du partenaire'), ('membre_gal', "Membre d'un GAL"), ('priorite', "Priorité de l'appel")], max_length=20)),
                ('verdict_raisons', models.TextField(blank=True)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('modifie_le', models.DateTimeField(auto_now=True)),
                ('collectivite', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoires.collectivite', verbose_name='collectivité')),
                ('instrument', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leviers.instrument')),
                ('membres', models.ManyToManyField(blank=True, related_name='+', to='territoires.collectivite', verbose_name='collectivités membres')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contacts.organisation', verbose_name='association ou organisation porteuse')),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
                ('suivi_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accompagné par')),
            ],
            options={
                'ordering': ['-modifie_le', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ChangementDossier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ancien', models.CharField(choices=[('idee', 'Idée'), ('en_montage', 'En montage'), ('depose', 'Déposé'), ('retenu', 'Retenu'), ('refuse', 'Refusé'), ('abandonne', 'Abandonné')], max_length=20)),
                ('nouvel', models.CharField(choices=[('idee', 'Idée'), ('en_montage', 'En montage'), ('depose', 'Déposé'), ('retenu', 'Retenu'), ('refuse', 'Refusé'), ('abandonne', 'Abandonné')], max_length=20)),
                ('motif', models.CharField(max_length=300)),
                ('quand', models.DateTimeField(auto_now_add=True)),
                ('auteur', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
                ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changements', to='accompagnement.dossier')),
            ],
            options={
                'ordering': ['-quand', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Accompagnement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField()),
                ('type', models.CharField(choices=[('rencontre', 'Rencontre'), ('appel', 'Appel'), ('courriel', 'Courriel'), ('atelier', 'Atelier de travail')], max_length=20)),
                ('heures', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0, 'Un temps passé ne peut pas être négatif.')], verbose_name='heures passées')),
                ('note', models.TextField(blank=True)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('auteur', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
                ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accompagnements', to='accompagnement.dossier')),
            ],
            options={
                'verbose_name': "temps d'accompagnement",
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(fields=['reseau', 'etat'], name='dossier_etat'),
        ),
    ]
