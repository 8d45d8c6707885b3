from django.apps import AppConfig


class CapitalisationConfig(AppConfig):
    name = "passerelles.capitalisation"
    verbose_name = "Capitalisation"
