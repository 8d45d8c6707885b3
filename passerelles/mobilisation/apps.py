from django.apps import AppConfig


class MobilisationConfig(AppConfig):
    name = "passerelles.mobilisation"
    verbose_name = "Mobilisation"
