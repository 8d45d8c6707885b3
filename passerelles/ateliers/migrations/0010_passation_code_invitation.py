import django.db.models.deletion
import passerelles.ateliers.invitations.models
import passerelles.ateliers.preparation.models
from django.db import migrations, models


def give_codes(apps, schema_editor):
    Invitation = apps.get_model("ateliers", "Invitation")
    given = set()
    for invitation in Invitation.objects.only("id").iterator():
        code = passerelles.ateliers.invitations.models.new_code()
        while code in given:
            code = passerelles.ateliers.invitations.models.new_code()
        given.add(code)
        Invitation.objects.filter(pk=invitation.pk).update(code=code)


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0009_pointage_hors_ligne'),
        ('contacts', '0010_cle_de_tri'),
        ('core', '0008_voix_du_reseau'),
    ]

    operations = [
        # Added empty, given one code per existing invitation, then made unique: a default
        # computed once would give every existing row the same code.
        migrations.AddField(
            model_name='invitation',
            name='code',
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="code d'invitation"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='invitation',
            name='code',
            field=models.CharField(default=passerelles.ateliers.invitations.models.new_code, editable=False, max_length=10, unique=True, verbose_name="code d'invitation"),
        ),
        migrations.CreateModel(
            name='Passation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('civilite', models.CharField(blank=True, choices=[('Mme', 'Mme'), ('M.', 'M.')], max_length=3, verbose_name='civilité')),
                ('prenom', models.CharField(max_length=100, verbose_name='prénom')),
                ('nom', models.CharField(max_length=100)),
                ('email', models.EmailField(max_length=254)),
                ('jeton', models.CharField(default=passerelles.ateliers.preparation.models.new_token, editable=False, max_length=64, unique=True)),
                ('cree_le', models.DateTimeField(auto_now_add=True)),
                ('expire_le', models.DateTimeField(verbose_name="valable jusqu'au")),
                ('confirmee_le', models.DateTimeField(blank=True, null=True, verbose_name='confirmée le')),
                ('cedant', models.CharField(blank=True, max_length=200, verbose_name='inscription cédée par')),
                ('inscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='passations', to='ateliers.inscription')),
                ('reseau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.reseau')),
                ('role', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='contacts.role', verbose_name='rôle')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
