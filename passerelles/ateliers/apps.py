from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        # effacement, tuiles and suivi.pistes register themselves (the eraser, the dashboard
        # tiles, the leads a dossier starts from)
        from passerelles.core.travaux import on_worker_start

        from . import courrier, effacement, tuiles  # noqa: F401
        from .inscriptions.services import offres_expirer
        from .suivi import pistes  # noqa: F401

        courrier.register()
        on_worker_start(offres_expirer)
