"""The yearly bilan (page, PDF, DOCX, XLSX), the year's objectives, the coordination actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from passerelles.core.tenancy import get_for_reseau_or_404, membre_required

from . import exports
from .forms import ActionForm, AnneeForm, ObjectifsForm
from .models import ANNEES, ActionCoordination
from .observation import carte_engagement
from .rapport import bilan_annuel, default_year, years_with_data
from .services import action_delete, action_save


@membre_required
def bilan(request):
    today = timezone.localdate()
    years = years_with_data(request.reseau, today)
    default = default_year(years, today)
    form = AnneeForm(request.GET or None, years=sorted(set(years) | {default}, reverse=True))
    year = form.year(default)
    result = bilan_annuel(request.reseau, year, today=today)
    filename = f"bilan-{year}"
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return exports.response(exports.bilan_xlsx(result), filename, "xlsx")
    if fmt == "docx":
        return exports.response(exports.bilan_docx(result), filename, "docx")
    if fmt == "pdf":
        return exports.response(exports.bilan_pdf(result), filename, "pdf")
    carte = carte_engagement(request.reseau, result["observation"], year)
    return render(request, "bilan/bilan.html", {"form": form, "bilan": result, "carte": carte})


def _year_or_404(annee: int) -> int:
    try:
        for validator in ANNEES:
            validator(annee)
    except ValidationError as error:  # a year out of range names no bilan
        raise Http404("Année hors limites.") from error
    return annee


@membre_required
def objectifs(request, annee):
    annee = _year_or_404(annee)
    form = ObjectifsForm(request.POST or None, reseau=request.reseau, annee=annee)
    if request.method == "POST" and form.is_valid():
        form.save(auteur=request.user)
        messages.success(request, f"Objectifs {annee} enregistrés.")
        return redirect(f"{reverse('bilan:bilan')}?annee={annee}")
    return render(request, "bilan/objectifs.html", {"form": form, "annee": annee})


@membre_required
def actions(request):
    found = ActionCoordination.objects.for_reseau(request.reseau)
    return render(request, "bilan/actions.html", {"actions": found})


@membre_required
def action_nouvelle(request):
    return _action_form(request, ActionCoordination(reseau=request.reseau, annee=timezone.localdate().year))


@membre_required
def action_modifier(request, pk):
    return _action_form(request, get_for_reseau_or_404(ActionCoordination, request.reseau, pk=pk))


def _action_form(request, action):
    creating = action.pk is None
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        action_save(action=form.save(commit=False), auteur=request.user)
        messages.success(request, "Action de coordination enregistrée.")
        return redirect("bilan:actions")
    return render(request, "bilan/action_form.html", {"form": form, "action": action, "creation": creating})


@require_POST
@membre_required
def action_supprimer(request, pk):
    action = get_for_reseau_or_404(ActionCoordination, request.reseau, pk=pk)
    action_delete(action=action, auteur=request.user)
    messages.success(request, "Action de coordination supprimée.")
    return redirect("bilan:actions")
