"""Shipped reference data: the catalogue is present after `migrate`, and its editors' group.

The shipped rules changed meaning in this version (who submits, routes, partners' countries),
so the shipped entries are reloaded; each replaced version stays in the catalogue's history."""

from django.db import migrations

EDITOR_GROUP = "Éditeur du catalogue"


def load_catalogue(apps, schema_editor):
    from passerelles.leviers.catalogue import catalogue_load

    catalogue_load(reset=True, apps=apps)


def create_editor_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="leviers", model="instrument")
    permission, _ = Permission.objects.get_or_create(
        codename="editer_catalogue",
        content_type=content_type,
        defaults={"name": "Peut modifier le catalogue partagé des leviers"},
    )
    Group.objects.get_or_create(name=EDITOR_GROUP)[0].permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("leviers", "0002_sources_roles_depot_editeur"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
        migrations.RunPython(create_editor_group, migrations.RunPython.noop),
    ]
