"""Figures of the bilan as its tables write them; unknown stays « inconnu »."""

from django import template

from ..figures import EUROS, LEVIER, TAUX, ecrit

register = template.Library()


@register.filter
def cellule(row: dict, key: str):
    return row.get(key)


@register.filter
def euros_bilan(value) -> str:
    return ecrit(value, EUROS)


@register.filter
def levier(value) -> str:
    return ecrit(value, LEVIER)


@register.filter
def taux(value) -> str:
    return ecrit(value, TAUX)
