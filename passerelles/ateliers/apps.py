from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"

    def ready(self):
        from passerelles.ateliers import tuiles  # noqa: F401 — registers the dashboard tiles
        from passerelles.ateliers.envoi import recover_outbox
        from passerelles.core.travaux import on_worker_start

        on_worker_start(recover_outbox)
