from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        # effacement and tuiles register themselves (the eraser, the dashboard tiles)
        from passerelles.core.travaux import on_worker_start

        from . import courrier, effacement, tuiles  # noqa: F401
        from .inscriptions.services import offres_expirer

        courrier.register()
        on_worker_start(offres_expirer)
