from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "passerelles.mobilisation"
    verbose_name = "Mobilisation"

    def ready(self):
        from . import panneau, tuiles  # noqa: F401 — register the page section and dashboard tiles
