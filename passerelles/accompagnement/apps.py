from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "passerelles.accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        # each registers itself: the section of « Mes relances »
        from . import relances  # noqa: F401
