"""Planning pages: the list of ateliers, creating and editing one, its programme, the
planning aid and its documents."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from passerelles.ateliers.agenda.selectors import agenda_links
from passerelles.ateliers.preparation import services
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.core.francais import date_longue, guillemets
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.mobilisation.contacts_choix import contacts_found

from .aide import planning_aid
from .documents import DOCUMENTS, document_filename, lieu
from .forms import (
    AideForm,
    AtelierForm,
    BudgetFormSet,
    DeplacementForm,
    InterventionFormSet,
    PartenaireFormSet,
    SequenceForm,
    SuppressionForm,
    objectif_formset,
)
from .horaires import next_start, programme_warnings
from .models import Atelier, Sequence


@membre_required
def liste(request):
    ateliers = Atelier.objects.for_reseau(request.reseau).select_related("point_entree", "lieu_collectivite")
    today = timezone.localdate()
    return render(
        request,
        "ateliers/preparation/liste.html",
        {
            "a_venir": sorted((a for a in ateliers if a.date >= today), key=lambda a: a.date),
            "passes": [a for a in ateliers if a.date < today],
            "agenda": agenda_links(request.reseau),
        },
    )


@membre_required
def detail(request, pk):
    atelier = get_for_reseau_or_404(
        Atelier.objects.select_related("point_entree", "lieu_collectivite"), request.reseau, pk=pk
    )
    context = {
        "atelier": atelier,
        "quand": quand(atelier),
        "lieu": lieu(atelier),
        "date_limite": date_longue(atelier.date_limite_inscription)
        if atelier.date_limite_inscription
        else "",
        "sequences": _programme(atelier),
        "documents": DOCUMENTS.items(),
        "aide_query": _aide_query(atelier),
    }
    return render(request, "ateliers/preparation/detail.html", context)


def _programme(atelier):
    return atelier.sequences.prefetch_related(
        "interventions__contact__collectivite",
        "interventions__contact__organisation",
        "interventions__collectivite",
    )


def _aide_query(atelier) -> str:
    query = QueryDict(mutable=True)
    query.setlist("segments", [str(pk) for pk in atelier.segments.values_list("pk", flat=True)])
    query.setlist("roles", [str(pk) for pk in atelier.roles.values_list("pk", flat=True)])
    if atelier.point_entree_id:
        query["point_entree"] = str(atelier.point_entree_id)
    return query.urlencode()


@membre_required
def creer(request):
    return _edit(request, None)


@membre_required
def modifier(request, pk):
    return _edit(request, get_for_reseau_or_404(Atelier, request.reseau, pk=pk))


def _edit(request, atelier):
    data = request.POST if request.method == "POST" else None
    form = AtelierForm(data, instance=atelier, reseau=request.reseau)
    formsets = [
        objectif_formset(data, atelier=atelier),
        PartenaireFormSet(data, instance=atelier or Atelier(), prefix="partenaires"),
        BudgetFormSet(data, instance=atelier or Atelier(), prefix="budget"),
    ]
    if data is not None:
        if form.is_valid() and all(formset.is_valid() for formset in formsets):
            atelier = services.atelier_save(
                reseau=request.reseau, auteur=request.user, form=form, formsets=formsets, atelier=atelier
            )
            messages.success(request, f"Atelier {guillemets(atelier.titre)} enregistré.")
            return redirect(atelier)
        messages.error(request, "L'atelier n'est pas enregistré : corrigez les champs signalés.")
    aide_form = AideForm(data or _initial_aide(atelier), reseau=request.reseau)
    context = {
        "atelier": atelier,
        "form": form,
        "objectifs": formsets[0],
        "partenaires": formsets[1],
        "budget": formsets[2],
        "aide": _aide(request, aide_form),
    }
    return render(request, "ateliers/preparation/formulaire.html", context)


def _initial_aide(atelier) -> dict:
    if atelier is None:
        return {}
    return {
        "segments": list(atelier.segments.values_list("pk", flat=True)),
        "roles": list(atelier.roles.values_list("pk", flat=True)),
        "point_entree": atelier.point_entree_id,
        "lieu_collectivite": atelier.lieu_collectivite.code if atelier.lieu_collectivite else "",
    }


def _aide(request, aide_form):
    # A venue being typed (or ambiguous) only loses the measure from the venue, not the aid.
    if not aide_form.is_valid() and set(aide_form.errors) - {"lieu_collectivite"}:
        return planning_aid(reseau=request.reseau, segments=[])
    data = aide_form.cleaned_data
    return planning_aid(
        reseau=request.reseau,
        segments=list(data["segments"]),
        point_entree=data["point_entree"],
        roles=list(data["roles"]),
        lieu=data.get("lieu_collectivite"),
    )


@require_GET
@membre_required
def aide(request):
    context = {"aide": _aide(request, AideForm(request.GET, reseau=request.reseau))}
    if request.htmx:
        return render(request, "ateliers/preparation/_aide.html", context)
    return render(request, "ateliers/preparation/aide.html", context)


@membre_required
def programme(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    if request.method == "POST" and "deplacer" in request.POST:
        return _move(request, atelier)
    if request.method == "POST" and "supprimer" in request.POST:
        return _delete(request, atelier)
    sequence = _sequence_to_edit(request, atelier)
    data = request.POST if request.method == "POST" else None
    sequences = list(_programme(atelier))
    initial = {} if sequence else {"debut": next_start(atelier, sequences)}
    form = SequenceForm(data, instance=sequence, initial=initial)
    recherche = reverse("ateliers:intervenants_recherche", kwargs={"pk": atelier.pk})
    interventions = InterventionFormSet(
        data,
        instance=sequence or Sequence(),
        prefix="intervenants",
        form_kwargs={"reseau": request.reseau, "recherche_url": recherche},
    )
    if data is not None:
        if form.is_valid() and interventions.is_valid():
            saved = services.sequence_save(
                atelier=atelier, auteur=request.user, form=form, interventions=interventions
            )
            messages.success(request, f"Séquence {guillemets(saved.titre)} enregistrée.")
            return redirect("ateliers:programme", pk=atelier.pk)
        messages.error(request, "La séquence n'est pas enregistrée : corrigez les champs signalés.")
    context = {
        **_programme_context(atelier, sequences),
        "form": form,
        "interventions": interventions,
        "sequence": sequence,
    }
    if request.htmx and request.htmx.target == "programme":
        return render(request, "ateliers/preparation/_programme.html", context)
    return render(request, "ateliers/preparation/programme.html", context)


def _programme_context(atelier, sequences: list) -> dict:
    return {
        "atelier": atelier,
        "sequences": sequences,
        "avertissements": programme_warnings(atelier, sequences),
    }


def _sequence_to_edit(request, atelier):
    raw = request.POST.get("sequence") or request.GET.get("sequence") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise Http404("Séquence inconnue")
    return get_object_or_404(Sequence, pk=int(raw), atelier=atelier)


def _move(request, atelier):
    form = DeplacementForm(request.POST)
    if form.is_valid():
        sequence = get_object_or_404(Sequence, pk=form.cleaned_data["deplacer"], atelier=atelier)
        services.sequence_move(sequence=sequence, sens=form.cleaned_data["sens"], auteur=request.user)
    else:
        messages.error(request, "Déplacement impossible : séquence ou sens non reconnu.")
    if request.htmx:
        context = _programme_context(atelier, list(_programme(atelier)))
        return render(request, "ateliers/preparation/_programme.html", context)
    return redirect("ateliers:programme", pk=atelier.pk)


def _delete(request, atelier):
    form = SuppressionForm(request.POST)
    if form.is_valid():
        sequence = get_object_or_404(Sequence, pk=form.cleaned_data["supprimer"], atelier=atelier)
        services.sequence_delete(sequence=sequence, auteur=request.user)
        messages.success(request, f"Séquence {guillemets(sequence.titre)} supprimée.")
    else:
        messages.error(request, "Suppression impossible : séquence non reconnue.")
    return redirect("ateliers:programme", pk=atelier.pk)


@require_GET
@membre_required
def document(request, pk, doc):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    if doc not in DOCUMENTS:
        raise Http404("Document inconnu")
    spec = DOCUMENTS[doc]
    response = HttpResponse(spec.build(atelier), content_type=spec.content_type)
    disposition = "inline" if doc.endswith(".pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document_filename(atelier, doc)}"'
    return response


# A speaker's field, as the programme's formset names it.
SPEAKER_FIELD = re.compile(r"intervenants-\d{1,2}-contact")


@require_GET
@membre_required
def intervenants_recherche(request, pk):
    """The réseau's contacts matching a search, as choices for one speaker (htmx fragment)."""
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    champ = request.GET.get("champ", "")
    if not SPEAKER_FIELD.fullmatch(champ):
        raise Http404("Champ inconnu.")
    q = request.GET.get("q", "")
    found = contacts_found(reseau=atelier.reseau, q=q)
    context = {"contacts": found, "q": q, "champ": champ, "plusieurs": False, "perimetre": "du réseau"}
    return render(request, "mobilisation/_contacts_trouves.html", context)
