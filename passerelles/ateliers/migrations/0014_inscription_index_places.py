
import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_case_variants(apps, schema_editor):
    """The new constraint ignores case: two active registrations of one atelier whose
    addresses differ only by it would make it fail. Registrations have always been written
    in lower case, so none should exist; if some do, say which ateliers rather than fail on
    an index."""
    Inscription = apps.get_model("ateliers", "Inscription")
    variants = (
        Inscription.objects.exclude(email="")
        .exclude(etat="annulee")
        .values("atelier_id", adresse=Lower("email"))
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    ateliers = sorted({row["atelier_id"] for row in variants})
    if ateliers:
        raise RuntimeError(
            "Des inscriptions actives d'un même atelier ont la même adresse, écrite avec des "
            f"majuscules différentes (ateliers n° {', '.join(map(str, ateliers))}) : annulez les "
            "doublons avant de relancer la migration."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0013_chiffres_des_reponses'),
        ('contacts', '0011_contact_import_en_cours'),
        ('core', '0009_compteurs'),
        ('territoires', '0006_index_postgresql'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_case_variants, migrations.RunPython.noop),
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
