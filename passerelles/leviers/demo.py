"""The demo account edits the shared catalogue, so that the demo shows how."""

from django.contrib.auth.models import Group

EDITOR_GROUP = "Éditeur du catalogue"  # created by migration leviers 0003


def demo_catalogue_editor(user) -> None:
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
