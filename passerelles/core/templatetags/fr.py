"""French presentation helpers: unknown values are said to be unknown, never left blank."""

import datetime

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone

from passerelles.core import francais
from passerelles.core.francais import accord as _accord

register = template.Library()


@register.filter
def inconnu(value, feminine: bool = False):
    if value is None or value == "":
        return "inconnue" if feminine else "inconnu"
    return value


@register.filter
def habitants(value):
    if value is None:
        return "population inconnue"
    return f"{intcomma(value)}\u00a0hab."


@register.filter
def pourcentage(value: float) -> str:
    return f"{round(value * 100)}\u00a0%"


@register.filter
def accord(n: int, formes: str) -> str:
    """`{{ n|accord:"ligne ignorée,lignes ignorées" }}`."""
    singulier, pluriel = formes.split(",")
    return _accord(n or 0, singulier, pluriel)


@register.filter
def heure(value):
    """9 h 30, 14 h: {{ sequence.debut|heure }}."""
    return francais.heure(value)


@register.filter
def jour(value):
    """« 14 mai 2024 », « 1er novembre 2024 »; a moment is taken on the local day."""
    return _local_day(value, francais.date_jour)


@register.filter
def jour_long(value):
    """« mardi 14 mai 2024 », « vendredi 1er novembre 2024 »."""
    return _local_day(value, francais.date_longue)


def _local_day(value, written) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return written(value)
