from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "passerelles.territoires"
    verbose_name = "Territoires"
