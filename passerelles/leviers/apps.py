from django.apps import AppConfig


class LeviersConfig(AppConfig):
    name = "passerelles.leviers"
    verbose_name = "Leviers"

    def ready(self):
        from . import panneau  # noqa: F401 — registers the advice section of a collectivité's page
