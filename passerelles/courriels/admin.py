from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["destinataire", "nature", "etat", "tentatives", "envoye_le"]
    list_filter = ["etat", "nature"]
    readonly_fields = ["message_id"]
