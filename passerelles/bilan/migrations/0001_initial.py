import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0008_voix_du_reseau'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActionCoordination',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('annee', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000, 'Année trop ancienne.'), django.core.validators.MaxValueValidator(2100, 'Année trop lointaine.')], verbose_name='année')),
                ('titre', models.CharField(max_length=200)),
                ('nature', models.CharField(choices=[('programme', 'Programme partagé'), ('groupe', 'Groupe de travail'), ('rencontre', 'Rencontre régionale'), ('autre', 'Autre action de coordination')], max_length=20)),
                ('partenaires', models.CharField(blank=True, help_text='Acteurs associés, séparés par des virgules.', max_length=300)),
                ('participants', models.PositiveIntegerField(blank=True, help_text='Personnes ayant pris part ; vide si inconnu.', null=True)),
                ('description', models.TextField(blank=True)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'verbose_name': 'action de coordination',
                'ordering': ['-annee', 'titre', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Objectif',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('annee', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000, 'Année trop ancienne.'), django.core.validators.MaxValueValidator(2100, 'Année trop lointaine.')], verbose_name='année')),
                ('indicateur', models.CharField(max_length=40)),
                ('cible', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0, 'Un objectif ne peut pas être négatif.')])),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
            ],
            options={
                'ordering': ['annee', 'indicateur'],
                'constraints': [models.UniqueConstraint(fields=('reseau', 'annee', 'indicateur'), name='objectif_unique')],
            },
        ),
    ]
