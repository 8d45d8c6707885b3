"""The collectivité page lists the dossiers it carries or takes part in."""

from django.template.loader import render_to_string

from passerelles.territoires.panneaux import register

from .selectors import dossiers_of


@register
def panneau_dossiers(request, collectivite) -> str:
    if getattr(request, "reseau", None) is None:
        return ""
    dossiers = dossiers_of(reseau=request.reseau, collectivite=collectivite)
    if not dossiers:
        return ""
    context = {"dossiers": dossiers, "c": collectivite}
    return render_to_string("accompagnement/_panneau.html", context, request=request)
