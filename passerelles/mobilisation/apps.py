from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "passerelles.mobilisation"
    verbose_name = "Mobilisation"

    def ready(self):
        from passerelles.territoires.rattachement import register

        # each registers itself: the page section, the eraser, the dashboard tiles
        from . import effacement, panneau, tuiles  # noqa: F401
        from .models import ChangementEtape, FaitEngagement, Interaction, Mobilisation, Relance

        # What the réseau knows of a collectivité follows it when the référentiel makes several
        # of its rows one collectivité (territoires/rattachement.py).
        for model in (Mobilisation, ChangementEtape, FaitEngagement, Interaction, Relance):
            register(model, "collectivite")
