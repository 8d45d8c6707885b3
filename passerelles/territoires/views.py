from django.shortcuts import get_object_or_404, redirect, render

from .ept import EPT_OF
from .models import Collectivite, TypeCollectivite
from .panneaux import render_panels
from .selectors import (
    TYPE_FILTERS,
    SearchFilters,
    SearchPaginator,
    carried_territory,
    collectivite_search,
    epci_of_territory,
    filter_choices,
    letters_missing,
    member_communes,
)

PAGE_SIZE = 25


def recherche(request):
    filters = SearchFilters(
        q=request.GET.get("q", "")[:200],
        type=request.GET.get("type", ""),
        region=request.GET.get("region", ""),
        departement=request.GET.get("departement", ""),
        population=request.GET.get("population", ""),
        inactives=request.GET.get("inactives") == "1",
    )
    typing = request.htmx and request.htmx.trigger == "id_q"
    if typing and letters_missing(filters.q):
        context = {"filters": filters, "lettres_manquantes": letters_missing(filters.q)}
        return render(request, "territoires/_resultats.html", context)
    paginator = SearchPaginator(
        collectivite_search(filters), PAGE_SIZE, counted_with_first_page=bool(filters.q.strip())
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "querystring": _querystring(request)}
    if request.htmx and request.htmx.target == "resultats":
        return render(request, "territoires/_resultats.html", context)
    return render(request, "territoires/recherche.html", {**context, **filter_choices()})


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def detail(request, type, code):
    # Its parent commune and its successor are read only when it has one (about 2,600 of 39,000
    # collectivités): joining them on every page cost more than those pages' extra query.
    collectivite = get_object_or_404(
        Collectivite.objects.select_related("region", "departement", "epci"), type=type, code=code
    )
    carrier = collectivite.successeur
    if carrier is not None and carrier.type == TypeCollectivite.STATUT_PARTICULIER:
        # Page 75, 67, 2A, 972, 97801…: one collectivité, one page.
        return redirect(carrier, permanent=True)
    context = {"c": collectivite, "T": TypeCollectivite, "panneaux": render_panels(request, collectivite)}
    if collectivite.type == TypeCollectivite.STATUT_PARTICULIER:
        context.update(carried_territory(collectivite))
    elif collectivite.type == TypeCollectivite.EPCI:
        context["membres"] = member_communes(collectivite)
    elif collectivite.type in (TypeCollectivite.DEPARTEMENT, TypeCollectivite.REGION):
        context["epcis"] = epci_of_territory(collectivite)
        context["compte"] = _counts(collectivite)
        if collectivite.type == TypeCollectivite.REGION:
            context["departements"] = Collectivite.objects.filter(
                TYPE_FILTERS["departement"][1], region=collectivite, actif=True
            ).order_by("code")
    elif collectivite.type == TypeCollectivite.COMMUNE:
        context["ept"] = EPT_OF.get(collectivite.code)
        subdivisions = collectivite.subdivisions.filter(actif=True)
        context["subdivisions"] = subdivisions.order_by("nom_normalise", "nom")
    return render(request, "territoires/detail.html", context)


def _counts(territoire: Collectivite) -> dict:
    link = "departement" if territoire.type == TypeCollectivite.DEPARTEMENT else "region"
    communes = Collectivite.objects.filter(TYPE_FILTERS["commune"][1], actif=True, **{link: territoire})
    return {"communes": communes.count(), "epci": epci_of_territory(territoire).count()}
