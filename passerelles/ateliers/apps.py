from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        from passerelles.core.travaux import on_worker_start

        from . import tuiles  # noqa: F401 — registers the dashboard tiles
        from .envoi import recover_outbox

        on_worker_start(recover_outbox)
