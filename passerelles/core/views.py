from django.core.paginator import Paginator
from django.shortcuts import render

from passerelles.territoires.selectors import territory_summary

from .models import Journal
from .tenancy import membre_required
from .tuiles import render_tiles


def accueil(request):
    if not request.reseau:
        return render(request, "core/accueil.html", {"resume": None})
    context = {"resume": territory_summary(request.reseau.region), "tuiles": render_tiles(request)}
    return render(request, "core/accueil.html", context)


@membre_required
def journal(request):
    entries = Journal.objects.filter(reseau=request.reseau).select_related("auteur")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/journal.html", {"page": page, "querystring": ""})
