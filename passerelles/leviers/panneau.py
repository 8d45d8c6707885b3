from django.template.loader import render_to_string

from passerelles.territoires.panneaux import register

from .conseil import describe, instruments_for, rank_entry_points
from .forms import DetenteurForm
from .models import Competence, Instrument, PointEntree
from .pairs import MAX_DISTANCE_KM, peers_for
from .profil import profile_of

ADVISED_TYPES = ("commune", "epci", "departement", "region", "statut_particulier")


def advice_context(reseau, collectivite, profil=None) -> dict:
    profil = profil or profile_of(reseau=reseau, collectivite=collectivite)
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
        "distance_max_pairs": MAX_DISTANCE_KM,
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
    profil = profile_of(reseau=request.reseau, collectivite=collectivite)
    if profil.hors_droit_commun and not profil.hors_droit_commun[1]:
        # TAAF districts, Clipperton, Wallis-et-Futuna: shown as what they are, without advice.
        nature, _, why = profil.hors_droit_commun
        context = {"nature": nature, "raison": why}
        return render_to_string("leviers/_panneau_sans_conseil.html", context, request=request)
    context = advice_context(request.reseau, collectivite, profil)
    return render_to_string("leviers/_panneau.html", {**context, "c": collectivite}, request=request)
