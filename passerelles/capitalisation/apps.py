from django.apps import AppConfig


class CapitalisationConfig(AppConfig):
    name = "passerelles.capitalisation"
    verbose_name = "Capitalisation"

    def ready(self):
        from . import effacement, tuiles  # noqa: F401 — register the erasure follow-up and tiles
        from .exports import warm_up_in_background

        warm_up_in_background()
