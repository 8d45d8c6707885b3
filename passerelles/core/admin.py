from django.contrib import admin

from .models import Membre, Reseau


class MembreInline(admin.TabularInline):
    model = Membre
    fields = ["utilisateur", "nom_visible_autres_reseaux"]
    extra = 1
    autocomplete_fields = ["utilisateur"]


@admin.register(Reseau)
class ReseauAdmin(admin.ModelAdmin):
    list_display = ["nom", "slug", "region"]
    prepopulated_fields = {"slug": ["nom"]}
    raw_id_fields = ["region"]
    inlines = [MembreInline]
