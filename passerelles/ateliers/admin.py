from django.contrib import admin

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier


@admin.register(Atelier)
class AtelierAdmin(admin.ModelAdmin):
    list_display = ["titre", "date", "reseau", "statut"]
    list_filter = ["reseau", "statut"]
    raw_id_fields = ["lieu_collectivite"]


@admin.register(Inscription)
class InscriptionAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "atelier", "etat", "present"]
    list_filter = ["etat", "present"]
    raw_id_fields = ["collectivite", "contact"]
