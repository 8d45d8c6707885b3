from django.shortcuts import render

from passerelles.core.tenancy import get_for_reseau_or_404, membre_required

from .models import Atelier


@membre_required
def liste(request):
    ateliers = Atelier.objects.for_reseau(request.reseau).select_related("point_entree", "lieu_collectivite")
    return render(request, "ateliers/liste.html", {"ateliers": ateliers})


@membre_required
def detail(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    return render(request, "ateliers/detail.html", {"atelier": atelier})
