from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "passerelles.contacts"
    verbose_name = "Contacts"

    def ready(self):
        from . import tuiles  # noqa: F401 — registers the dashboard tiles
