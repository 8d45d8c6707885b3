"""After the day: follow-ups, survey, indicators, bilan and fiche of ateliers (area « suivi »)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from passerelles.core.models import Travail
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.core.travaux import launch

from . import suivi as follow_up
from .models import Atelier, StatutAtelier


@membre_required
def suivi(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    context = {
        "atelier": atelier,
        "groupes": follow_up.echeancier(atelier),
        "realise": atelier.statut == StatutAtelier.REALISE,
        "travail": _last_job(atelier),
    }
    return render(request, "ateliers/suivi/suivi.html", context)


def _last_job(atelier):
    return (
        Travail.objects.filter(reseau=atelier.reseau)
        .filter(nature=follow_up.suivi_atelier.module_path, parametres__atelier_id=atelier.pk)
        .order_by("-cree_le")
        .first()
    )


@require_POST
@membre_required
def suivi_lancer(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    try:
        follow_up.responsable_of(atelier)
        if atelier.statut != StatutAtelier.REALISE:
            raise follow_up.SuiviImpossible("Le suivi se prépare une fois l'atelier marqué « Réalisé ».")
    except follow_up.SuiviImpossible as refus:
        messages.error(request, refus.message_fr)
        return redirect("ateliers:suivi", pk=atelier.pk)
    launch(
        reseau=request.reseau,
        auteur=request.user,
        task=follow_up.suivi_atelier,
        libelle=f"Suivi de l'atelier « {atelier.titre} »",
        atelier_id=atelier.pk,
    )
    messages.success(request, "Le suivi est en préparation : relances et étapes apparaissent ci-dessous.")
    return redirect("ateliers:suivi", pk=atelier.pk)
