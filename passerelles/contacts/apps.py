from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "passerelles.contacts"
    verbose_name = "Contacts"
