from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passerelles.core"
    verbose_name = "Réseaux et comptes"

    def ready(self):
        from . import (
            connexion,  # noqa: F401  (connects the lockout signal)
            verifications,  # noqa: F401  (registers the deployment checks)
        )
