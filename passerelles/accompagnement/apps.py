from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "passerelles.accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        # each registers itself: the collectivité page section, the section of « Mes relances »
        from . import panneau, relances  # noqa: F401
