from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from passerelles.core.tableurs import spreadsheet_response
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.territoires.models import Collectivite

from . import services
from .forms import AppelForm, DetenteurForm, InstrumentForm, PointEntreeForm, SegmentForm, SegmentSaveForm
from .models import Appel, HistoriqueCatalogue, Instrument, PointEntree, Segment
from .partenaires import listes
from .segments import segment_export_rows, segment_population, segment_queryset, segment_summary


@membre_required
def catalogue(request):
    points = list(PointEntree.objects.prefetch_related("instruments"))
    instruments = list(Instrument.objects.prefetch_related("prerequis", "appels"))
    names = (
        {f"point:{p.code}": f"Angle « {p.nom} »" for p in points}
        | {f"instrument:{i.code}": f"Financement « {i.nom} »" for i in instruments}
        | {f"appel:{a.pk}": f"Appel « {a} »" for i in instruments for a in i.appels.all()}
    )
    historique = list(HistoriqueCatalogue.objects.select_related("auteur__membre", "reseau")[:20])
    for entry in historique:
        entry.libelle = names.get(entry.objet, "Entrée retirée du catalogue")
        entry.signature = editor_signature(entry, request.reseau)
    context = {
        "points": points,
        "instruments": instruments,
        "historique": historique,
        "peut_modifier": request.user.has_perm(EDITOR_PERMISSION),
        "listes_pays": listes(),
    }
    return render(request, "leviers/catalogue.html", context)


EDITOR_PERMISSION = "leviers.editer_catalogue"


def _edit(request, obj, form_class, titre):
    if not request.user.has_perm(EDITOR_PERMISSION):
        return render(request, "leviers/refus.html", status=403)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.catalogue_edit(obj=obj, form=form, auteur=request.user, reseau=request.reseau)
        messages.success(request, "Catalogue mis à jour ; l'ancienne version est gardée dans l'historique.")
        return redirect("leviers:catalogue")
    return render(request, "leviers/formulaire.html", {"form": form, "titre": titre})


@membre_required
def instrument_modifier(request, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    return _edit(request, instrument, InstrumentForm, f"Modifier « {instrument} »")


@membre_required
def point_modifier(request, pk):
    point = get_object_or_404(PointEntree, pk=pk)
    return _edit(request, point, PointEntreeForm, f"Modifier « {point} »")


@membre_required
def appels(request, pk):
    """An instrument's dated calls; catalogue editors add one here."""
    instrument = get_object_or_404(Instrument, pk=pk)
    peut_modifier = request.user.has_perm(EDITOR_PERMISSION)
    if request.method == "POST" and not peut_modifier:
        return render(request, "leviers/refus.html", status=403)
    form = AppelForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        services.appel_add(form=form, auteur=request.user, reseau=request.reseau)
        messages.success(request, "Appel ajouté au catalogue.")
        return redirect("leviers:appels", pk=instrument.pk)
    context = {
        "instrument": instrument,
        "appels": instrument.appels.all(),
        "form": form if peut_modifier else None,
        "peut_modifier": peut_modifier,
    }
    return render(request, "leviers/appels.html", context)


@membre_required
def appel_modifier(request, pk):
    appel = get_object_or_404(Appel.objects.select_related("instrument"), pk=pk)
    if not request.user.has_perm(EDITOR_PERMISSION):
        return render(request, "leviers/refus.html", status=403)
    form = AppelForm(request.POST or None, instance=appel, instrument=appel.instrument)
    if request.method == "POST" and form.is_valid():
        services.catalogue_edit(obj=appel, form=form, auteur=request.user, reseau=request.reseau)
        messages.success(request, "Appel mis à jour ; l'ancienne version est gardée dans l'historique.")
        return redirect("leviers:appels", pk=appel.instrument_id)
    return render(request, "leviers/formulaire.html", {"form": form, "titre": f"Modifier « {appel} »"})


@require_POST
@membre_required
def competence(request, pk):
    collectivite = get_object_or_404(Collectivite, pk=pk)
    form = DetenteurForm(request.POST)
    if form.is_valid():
        services.detenteur_set(
            reseau=request.reseau, collectivite=collectivite, auteur=request.user, **form.cleaned_data
        )
        messages.success(request, "Détenteur de la compétence enregistré.")
    else:
        messages.error(
            request,
            "Compétence non enregistrée : " + " ".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect(collectivite.get_absolute_url() + "#leviers")


@membre_required
def segments(request):
    return render(request, "leviers/segments.html", {"segments": Segment.objects.for_reseau(request.reseau)})


@membre_required
def constructeur(request, pk=None):
    segment = get_for_reseau_or_404(Segment, request.reseau, pk=pk) if pk else None
    data = request.GET if request.GET else (segment.filtres if segment else {})
    form = SegmentForm(data)
    filtres = (
        {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        if form.is_valid()
        else {}
    )
    queryset = segment_queryset(reseau=request.reseau, filtres=filtres)
    context = {
        "form": form,
        "segment": segment,
        "nombre": queryset.count(),
        "population": segment_population(queryset),
    }
    if request.htmx and request.htmx.target == "compte":
        return render(request, "leviers/_compte.html", context)
    if request.method == "POST":
        save = SegmentSaveForm(request.POST)
        if save.is_valid():
            try:
                segment = services.segment_save(
                    reseau=request.reseau,
                    auteur=request.user,
                    nom=save.cleaned_data["nom"],
                    filtres=_from_post(request.POST),
                    segment=segment,
                )
            except ValidationError:
                save.add_error("nom", "Choisissez au moins un critère avant d'enregistrer le segment.")
            else:
                messages.success(request, f"Segment « {segment} » enregistré.")
                return redirect("leviers:segment", pk=segment.pk)
        context["save_form"] = save
    context.setdefault("save_form", SegmentSaveForm(initial={"nom": segment.nom if segment else ""}))
    context["synthese"] = (
        segment_summary(reseau=request.reseau, filtres=filtres)
        if "synthese" in request.GET or segment
        else None
    )
    context["exemples"] = queryset.select_related("departement").order_by("-population_municipale")[:15]
    return render(request, "leviers/constructeur.html", context)


def _from_post(data) -> dict:
    form = SegmentForm(data)
    return {k: str(v) for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


@membre_required
def segment_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Format inconnu")
    segment = get_for_reseau_or_404(Segment, request.reseau, pk=pk)
    headers, rows = segment_export_rows(reseau=request.reseau, filtres=segment.filtres)
    name = f"segment-{slugify(segment.nom)}-{timezone.localdate():%Y-%m-%d}"
    response: HttpResponse = spreadsheet_response(headers, rows, name, fmt)
    return response


def editor_signature(entry, reseau) -> str:
    """Who changed the shared catalogue, as another réseau may see it: the réseau and the
    role, the person's name only to their own réseau or if they agreed."""
    if entry.auteur is None:
        return ""
    membre = getattr(entry.auteur, "membre", None)
    if entry.reseau_id == getattr(reseau, "pk", None) or (membre and membre.nom_visible_autres_reseaux):
        name = entry.auteur.get_full_name() or entry.auteur.get_username()
        return f"{name} ({entry.reseau})" if entry.reseau else name
    return (
        f"une personne chargée du catalogue ({entry.reseau})"
        if entry.reseau
        else "une personne chargée du catalogue"
    )
