from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.territoires.models import Collectivite

from . import selectors, services
from .contacts_choix import contacts_found
from .forms import EtapeForm, FaitForm, InteractionForm, RelanceFaiteForm, RelanceForm, RequeteForm
from .models import Relance
from .relances_sections import render_sections


def _collectivite(pk) -> Collectivite:
    return get_object_or_404(Collectivite, pk=pk)


def _back(collectivite):
    return redirect(collectivite.get_absolute_url() + "#mobilisation")


@require_POST
@membre_required
def etape(request, pk):
    collectivite = _collectivite(pk)
    form = EtapeForm(request.POST)
    if form.is_valid():
        services.etape_set(
            reseau=request.reseau, collectivite=collectivite, auteur=request.user, **form.cleaned_data
        )
        messages.success(request, "Étape enregistrée.")
    return _back(collectivite)


def _panel_form(request, pk, form_class, titre, save, **form_kwargs):
    collectivite = _collectivite(pk)
    kwargs = {key: value(request, collectivite) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        save(request, collectivite, form.cleaned_data)
        messages.success(request, "Enregistré.")
        return _back(collectivite)
    return render(
        request, "mobilisation/formulaire.html", {"form": form, "collectivite": collectivite, "titre": titre}
    )


@membre_required
def fait(request, pk):
    return _panel_form(
        request,
        pk,
        FaitForm,
        "Fait d'engagement",
        lambda r, c, data: services.fait_create(reseau=r.reseau, collectivite=c, auteur=r.user, **data),
    )


@membre_required
def interaction(request, pk):
    return _panel_form(
        request,
        pk,
        InteractionForm,
        "Échange",
        lambda r, c, data: services.interaction_create(
            reseau=r.reseau, auteur=r.user, collectivite=c, **data
        ),
        reseau=lambda r, c: r.reseau,
        collectivite=lambda r, c: c,
    )


@membre_required
def contacts_recherche(request, pk):
    """The people of a collectivité matching a search, as choices for the exchange or relance
    form (fragment for htmx)."""
    collectivite = _collectivite(pk)
    q = request.GET.get("q", "")
    champ = "contacts" if request.GET.get("champ") == "contacts" else "contact"
    contacts = contacts_found(reseau=request.reseau, collectivite=collectivite, q=q)
    context = {"contacts": contacts, "q": q, "champ": champ, "plusieurs": champ == "contacts"}
    return render(request, "mobilisation/_contacts_trouves.html", context)


@membre_required
def relance(request, pk):
    return _panel_form(
        request,
        pk,
        RelanceForm,
        "Relance",
        lambda r, c, data: services.relance_create(
            reseau=r.reseau, auteur=r.user, collectivite=c, origine="saisie", **data
        ),
        reseau=lambda r, c: r.reseau,
        collectivite=lambda r, c: c,
        user=lambda r, c: r.user,
    )


@require_POST
@membre_required
def relance_marquer(request, pk):
    relance = get_for_reseau_or_404(Relance, request.reseau, pk=pk)
    form = RelanceFaiteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.relance_mark(
        relance=relance, faite=request.POST.get("faite") == "1", auteur=request.user, note=note
    )
    back = request.POST.get("retour", "")
    # Only a path of this site: anything else (a view name, "abc", another host) is ignored.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(back)
    return redirect("mobilisation:relances")


@membre_required
def mes_relances(request):
    include_done = request.GET.get("toutes") == "1"
    relances = selectors.my_relances(reseau=request.reseau, user=request.user, include_done=include_done)
    page = Paginator(relances, 50).get_page(request.GET.get("page"))
    querystring = "toutes=1" if include_done else ""
    context = {
        "relances": page.object_list,
        "page": page,
        "toutes": include_done,
        "querystring": querystring,
        "sections": render_sections(request),
    }
    return render(request, "mobilisation/relances.html", context)


@membre_required
def tableau(request):
    tableau = selectors.dashboard(reseau=request.reseau)
    return render(request, "mobilisation/tableau.html", {"tableau": tableau})


@membre_required
def requete(request):
    form = RequeteForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    collectivites = selectors.territory_query(reseau=request.reseau, **filters)
    page = Paginator(collectivites, 50).get_page(request.GET.get("page"))
    ids = [c.pk for c in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "querystring": params.urlencode(),
        "contacts": selectors.contacts_by_collectivite(reseau=request.reseau, collectivite_ids=ids),
        "etapes": selectors.stages_for(reseau=request.reseau, collectivite_ids=ids),
    }
    return render(request, "mobilisation/requete.html", context)
