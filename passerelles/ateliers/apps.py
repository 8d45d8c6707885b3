from django.apps import AppConfig


class AteliersConfig(AppConfig):
    name = "passerelles.ateliers"
    verbose_name = "Ateliers"
