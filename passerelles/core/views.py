from django.shortcuts import render

from passerelles.territoires.selectors import territory_summary


def accueil(request):
    resume = territory_summary(request.reseau.region) if request.reseau else None
    return render(request, "core/accueil.html", {"resume": resume})
