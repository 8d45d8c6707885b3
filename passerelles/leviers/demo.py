"""The demo account edits the shared catalogue, so that the demo shows how."""

from django.contrib.auth.models import Group, Permission

EDITOR_GROUP = "Éditeur du catalogue"  # created by migration leviers 0003


def demo_catalogue_editor(user) -> None:
    # The group is made again if it is missing: a database flushed by tests lost it.
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="leviers", codename="editer_catalogue")
    )
    user.groups.add(group)
