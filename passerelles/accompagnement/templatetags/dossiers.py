from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(value):
    """12 000 € ; 1 250,50 € ; an unknown amount is « inconnu », never 0."""
    if value is None or value == "":
        return "inconnu"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, places, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def heures(value):
    value = Decimal(value or 0).normalize()
    places = max(0, -value.as_tuple().exponent)
    return f"{number_format(value, places, use_l10n=True)}\u00a0h"
