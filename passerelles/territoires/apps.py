from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "passerelles.territoires"
    verbose_name = "Territoires"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .cache import referentiel_changed
        from .models import Collectivite

        post_save.connect(referentiel_changed, sender=Collectivite, dispatch_uid="referentiel-enregistre")
        post_delete.connect(referentiel_changed, sender=Collectivite, dispatch_uid="referentiel-supprime")
