from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "passerelles.mobilisation"
    verbose_name = "Mobilisation"

    def ready(self):
        from . import panneau  # noqa: F401 — registers the collectivité page section
