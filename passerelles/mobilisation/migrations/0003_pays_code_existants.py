from django.db import migrations


def read_countries(apps, schema_editor):
    from passerelles.mobilisation.pays import code_pays

    FaitEngagement = apps.get_model("mobilisation", "FaitEngagement")
    for fait in FaitEngagement.objects.exclude(pays=""):
        fait.pays_code = code_pays(fait.pays)
        fait.save(update_fields=["pays_code"])


class Migration(migrations.Migration):
    dependencies = [("mobilisation", "0002_pays_du_partenaire")]

    operations = [migrations.RunPython(read_countries, migrations.RunPython.noop)]
