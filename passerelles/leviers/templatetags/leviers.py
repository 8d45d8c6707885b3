from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from passerelles.leviers.fraicheur import a_reverifier, age_en_mois

register = template.Library()


@register.simple_tag
def fraicheur(verifie_le):
    """« vérifié le 1 novembre 2025 (il y a 12 mois) », flagged when it is time to check again."""
    today = timezone.localdate()
    if verifie_le is None:
        return mark_safe('<span class="etiquette etiquette--attention">jamais vérifié</span>')
    months = age_en_mois(verifie_le, today)
    age = "ce mois-ci" if months == 0 else f"il y a {months} mois"
    text = f"vérifié le {date_format(verifie_le, 'j F Y')} ({age})"
    if a_reverifier(verifie_le, today):
        return format_html('<span class="etiquette etiquette--attention">à revérifier</span> {}', text)
    return text
