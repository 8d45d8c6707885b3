"""« Mes relances » shows the member's dossiers whose deadline is due or past."""

from django.template.loader import render_to_string
from django.utils import timezone

from passerelles.mobilisation.relances_sections import register

from .selectors import DUE_WITHIN_DAYS, SILENT_AFTER_DAYS, dossiers_due, dossiers_silent


@register
def dossiers_a_echeance(request) -> str:
    if getattr(request, "reseau", None) is None:
        return ""
    dossiers = list(dossiers_due(reseau=request.reseau, user=request.user)[:100])
    silencieux = list(dossiers_silent(reseau=request.reseau, user=request.user)[:100])
    if not dossiers and not silencieux:
        return ""
    context = {
        "dossiers": dossiers,
        "silencieux": silencieux,
        "aujourdhui": timezone.localdate(),
        "jours": DUE_WITHIN_DAYS,
        "silence": SILENT_AFTER_DAYS,
    }
    return render_to_string("accompagnement/_relances.html", context, request=request)
