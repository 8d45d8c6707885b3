from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "passerelles.accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        # each registers itself: the collectivité page section, the section of « Mes relances »
        from passerelles.core.travaux import on_worker_start

        from . import panneau, rappels, relances  # noqa: F401

        rappels.register()
        on_worker_start(rappels.echeances_rappeler)
