from django.template.loader import render_to_string

from passerelles.territoires.panneaux import register

from .conseil import describe, instruments_for, rank_entry_points
from .forms import DetenteurForm
from .models import Competence, Instrument, PointEntree
from .pairs import peers_for
from .profil import profile_of

ADVISED_TYPES = ("commune", "epci", "departement", "region")


def advice_context(reseau, collectivite) -> dict:
    profil = profile_of(reseau=reseau, collectivite=collectivite)
    ranked = rank_entry_points(profil, list(PointEntree.objects.all()))
    possibles, exclus = instruments_for(profil, list(Instrument.objects.prefetch_related("prerequis")))
    return {
        "profil": profil,
        "description": describe(profil),
        "angles": [angle for angle in ranked[:5] if angle.score >= 0],
        "deconseilles": [angle for angle in ranked if angle.score < 0],
        "possibles": possibles,
        "exclus": exclus,
        "pairs": peers_for(profil, reseau),
        "competences": [(label, profil.detention(code)) for code, label in Competence.choices],
        "detenteur_form": DetenteurForm(auto_id="id_competence_%s"),
    }


@register
def panneau_leviers(request, collectivite) -> str:
    if (
        getattr(request, "reseau", None) is None
        or collectivite.type not in ADVISED_TYPES
        or not collectivite.actif
    ):
        return ""
    context = advice_context(request.reseau, collectivite)
    return render_to_string("leviers/_panneau.html", {**context, "c": collectivite}, request=request)
