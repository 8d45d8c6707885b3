from django.apps import AppConfig


class LeviersConfig(AppConfig):
    name = "passerelles.leviers"
    verbose_name = "Leviers"

    def ready(self):
        from passerelles.territoires.rattachement import register

        from . import panneau  # noqa: F401 — registers the advice section of a collectivité's page
        from .models import DetenteurCompetence

        # A recorded holder follows the collectivité (territoires/rattachement.py).
        register(DetenteurCompetence, "collectivite")
        register(DetenteurCompetence, "detenteur")
