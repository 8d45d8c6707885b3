
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_pret_au_deploiement'),
    ]

    operations = [
        migrations.AddField(
            model_name='reseau',
            name='expediteur_email',
            field=models.EmailField(blank=True, help_text="L'adresse d'où partent les courriels du réseau (autorisée par son serveur d'envoi). Vide : l'adresse par défaut du site.", max_length=254, verbose_name="adresse d'expédition"),
        ),
        migrations.AddField(
            model_name='reseau',
            name='expediteur_nom',
            field=models.CharField(blank=True, help_text='Vide : le nom du réseau.', max_length=200, verbose_name="nom de l'expéditeur"),
        ),
        migrations.AddField(
            model_name='reseau',
            name='reponse_a',
            field=models.EmailField(blank=True, help_text="Où arrivent les réponses aux courriels (Reply-To). "
        "Vide : l'adresse d'expédition du réseau.", max_length=254, verbose_name='adresse de réponse'),
        ),
    ]
