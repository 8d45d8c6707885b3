from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "passerelles.bilan"
    verbose_name = "Bilan annuel"
