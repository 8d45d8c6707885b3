from django.apps import AppConfig


class CourrielsConfig(AppConfig):
    """Email as a capability: the outbox, its sender, unsubscription and failing addresses."""

    name = "passerelles.courriels"
    verbose_name = "Courriels"

    def ready(self):
        from passerelles.core.travaux import on_worker_start

        from . import effacement  # noqa: F401 — registers the outbox's eraser
        from .expedition import recover_outbox

        on_worker_start(recover_outbox)
