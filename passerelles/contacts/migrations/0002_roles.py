from django.db import migrations


def load_roles(apps, schema_editor):
    from passerelles.contacts.roles import ROLES

    Role = apps.get_model("contacts", "Role")
    for order, (code, libelle, famille) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(code=code, defaults={"libelle": libelle, "famille": famille, "ordre": order * 10})


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(load_roles, migrations.RunPython.noop)]
