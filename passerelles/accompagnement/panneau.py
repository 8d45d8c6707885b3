"""The collectivité page lists the dossiers it carries or takes part in."""

from django.db.models import Q
from django.template.loader import render_to_string

from passerelles.territoires.panneaux import register

from .models import Dossier


@register
def panneau_dossiers(request, collectivite) -> str:
    if getattr(request, "reseau", None) is None:
        return ""
    dossiers = list(
        Dossier.objects.for_reseau(request.reseau)
        .filter(Q(collectivite=collectivite) | Q(membres=collectivite))
        .distinct()
        .select_related("collectivite", "instrument")[:50]
    )
    if not dossiers:
        return ""
    context = {"dossiers": dossiers, "c": collectivite}
    return render_to_string("accompagnement/_panneau.html", context, request=request)
