from django.template.loader import render_to_string

from passerelles.territoires.panneaux import register

from .forms import EtapeForm
from .selectors import collectivite_file


@register
def panneau_mobilisation(request, collectivite) -> str:
    if getattr(request, "reseau", None) is None:
        return ""
    dossier = collectivite_file(reseau=request.reseau, collectivite=collectivite)
    context = {**dossier, "c": collectivite, "etape_form": EtapeForm(initial={"etape": dossier["etape"]})}
    return render_to_string("mobilisation/_panneau.html", context, request=request)
