"""French typography of the atelier's hours in pages: {{ sequence.debut|heure }} → 9 h 30."""

from django import template

from passerelles.ateliers import typographie

register = template.Library()


@register.filter
def heure(value):
    return typographie.heure(value)
