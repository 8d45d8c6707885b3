from django.core.paginator import Paginator
from django.shortcuts import render

from passerelles.territoires.selectors import territory_summary

from .models import Journal
from .tenancy import membre_required


def accueil(request):
    resume = territory_summary(request.reseau.region) if request.reseau else None
    return render(request, "core/accueil.html", {"resume": resume})


@membre_required
def journal(request):
    entries = Journal.objects.filter(reseau=request.reseau).select_related("auteur")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/journal.html", {"page": page, "querystring": ""})
