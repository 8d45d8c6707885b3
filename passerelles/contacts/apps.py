from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "passerelles.contacts"
    verbose_name = "Contacts"

    def ready(self):
        from passerelles.territoires.rattachement import register

        from . import travaux, tuiles  # noqa: F401 — register the abandoned imports' cleanup, the tiles
        from .models import Contact, Organisation

        # A contact of the Bas-Rhin follows it into the Collectivité européenne d'Alsace.
        register(Contact, "collectivite")
        register(Organisation, "collectivite")
