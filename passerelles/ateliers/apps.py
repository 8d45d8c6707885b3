from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        # effacement and tuiles register themselves (the eraser, the dashboard tiles)
        from . import courrier, effacement, tuiles  # noqa: F401

        courrier.register()
