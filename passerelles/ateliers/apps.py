from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        from . import tuiles  # noqa: F401 — registers the dashboard tiles
