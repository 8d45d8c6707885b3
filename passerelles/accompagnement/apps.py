from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "passerelles.accompagnement"
    verbose_name = "Accompagnement"
