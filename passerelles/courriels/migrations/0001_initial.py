
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contacts', '0010_cle_de_tri'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0003_travaux'),
    ]

    operations = [
        migrations.CreateModel(
            name='AdresseEnEchec',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254)),
                ('erreur', models.TextField(blank=True)),
                ('depuis', models.DateTimeField(auto_now_add=True)),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'verbose_name': 'adresse en échec',
                'verbose_name_plural': 'adresses en échec',
                'constraints': [models.UniqueConstraint(fields=('reseau', 'email'), name='courriel_adresse_echec')],
            },
        ),
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nature', models.CharField(max_length=20)),
                ('objet_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('cle', models.CharField(max_length=200, unique=True)),
                ('destinataire', models.EmailField(max_length=254)),
                ('sujet', models.CharField(max_length=250)),
                ('corps', models.TextField()),
                ('pieces_jointes', models.JSONField(blank=True, default=list, help_text='Noms des pièces à joindre (ics…).')),
                ('message_id', models.CharField(max_length=250, unique=True)),
                ('etat', models.CharField(choices=[('en_attente', 'En attente'), ('en_cours', 'En cours'), ('envoye', 'Envoyé'), ('echec', 'Échec'), ('rejete', 'Rejeté')], default='en_attente', max_length=20)),
                ('tentatives', models.PositiveSmallIntegerField(default=0)),
                ('prochain_essai', models.DateTimeField(blank=True, null=True)),
                ('reclame_le', models.DateTimeField(blank=True, null=True)),
                ('reclame_par', models.CharField(blank=True, max_length=100)),
                ('envoye_le', models.DateTimeField(blank=True, null=True)),
                ('erreur', models.TextField(blank=True)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contacts.contact')),
                ('objet_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'ordering': ['cree_le', 'id'],
                'indexes': [models.Index(fields=['etat', 'prochain_essai'], name='courriel_a_envoyer'), models.Index(fields=['objet_type', 'objet_id', 'nature', 'etat'], name='courriel_objet')],
            },
        ),
    ]
