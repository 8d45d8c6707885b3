from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "passerelles.mobilisation"
    verbose_name = "Mobilisation"

    def ready(self):
        # each registers itself: the page section, the eraser, the dashboard tiles
        from . import effacement, panneau, tuiles  # noqa: F401
