from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo réseau, at the top of the house: it knows every capability, none knows it."""

    name = "passerelles.demo"
    verbose_name = "Démonstration"
