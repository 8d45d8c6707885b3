from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passerelles.core.saisie import id_or_none
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.leviers.models import Instrument
from passerelles.territoires.models import Collectivite

from . import pieces, services
from .forms import AccompagnementForm, DossierForm, MoveForm, PieceForm
from .models import Dossier, Etat, PieceDossier, regle_label
from .origines import piste_of
from .selectors import echeances_of, next_deadline, open_call_of

FIELDS = [name for name in DossierForm.Meta.fields if name not in ("instrument", "membres")]


@membre_required
def liste(request):
    dossiers = Dossier.objects.for_reseau(request.reseau).select_related(
        "collectivite", "instrument", "suivi_par", "appel_catalogue"
    )
    etat = request.GET.get("etat", "")
    if etat in Etat.values:
        dossiers = dossiers.filter(etat=etat)
    else:
        etat = ""
    page = Paginator(dossiers, 50).get_page(request.GET.get("page"))
    rows = [(dossier, next_deadline(dossier)) for dossier in page.object_list]
    context = {
        "rows": rows,
        "page": page,
        "etats": Etat.choices,
        "etat": etat,
        "querystring": f"etat={etat}" if etat else "",
    }
    return render(request, "accompagnement/liste.html", context)


@membre_required
def nouveau(request, pk):
    collectivite = get_object_or_404(Collectivite, pk=id_or_none(pk) or 0)
    piste = piste_of(request.GET, reseau=request.reseau, collectivite=collectivite)
    instrument = piste.instrument
    if request.method == "POST":
        instruments = Instrument.objects.filter(prerequis_seulement=False)
        instrument = instruments.filter(pk=id_or_none(request.POST.get("instrument")) or 0).first()
    initial = {
        "instrument": instrument,
        "appel_catalogue": open_call_of(instrument),
        "appel": instrument.montants_pour if instrument else "",
        "suivi_par": request.user,
    }
    form = DossierForm(request.POST or None, reseau=request.reseau, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.dossier_create(
                reseau=request.reseau,
                collectivite=collectivite,
                instrument=data["instrument"],
                auteur=request.user,
                membres=data["membres"],
                origine=piste.origine,
                origine_libelle=piste.libelle,
                **{name: data[name] for name in FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Dossier préparé.")
            return redirect(dossier)
    verdict = (
        services.verdict_of(reseau=request.reseau, collectivite=collectivite, instrument=instrument)
        if instrument
        else None
    )
    context = {
        "form": form,
        "collectivite": collectivite,
        "instrument": instrument,
        "piste": piste,
        "verdict": verdict,
        "regle": regle_label(verdict["verdict_regle"]) if verdict else "",
    }
    return render(request, "accompagnement/nouveau.html", context)


def _dossier(request, pk):
    queryset = Dossier.objects.select_related(
        "collectivite", "instrument", "organisation", "suivi_par", "appel_catalogue"
    )
    return get_for_reseau_or_404(queryset, request.reseau, pk=pk)


@membre_required
def dossier(request, pk):
    return _page(request, _dossier(request, pk))


def _page(request, dossier, *, log_form=None, piece_form=None):
    documents = list(dossier.pieces.select_related("ajoute_par"))
    lignes, autres = pieces.checklist(dossier, documents)
    context = {
        "dossier": dossier,
        "regle": regle_label(dossier.verdict_regle),
        "moves": [Etat(value) for value in services.moves_from(dossier.etat)],
        "move_form": MoveForm(),
        "log_form": log_form or AccompagnementForm(),
        "journal": dossier.accompagnements.select_related("auteur"),
        "heures": services.hours_of(dossier),
        "changements": dossier.changements.select_related("auteur"),
        "membres": dossier.membres.all(),
        "echeances": echeances_of(dossier),
        "prochaine": next_deadline(dossier),
        "checklist": lignes,
        "autres_pieces": autres,
        "piece_form": piece_form or PieceForm(instrument=dossier.instrument),
    }
    return render(request, "accompagnement/dossier.html", context)


@membre_required
def modifier(request, pk):
    dossier = _dossier(request, pk)
    form = DossierForm(request.POST or None, instance=dossier, reseau=request.reseau)
    form.fields.pop("instrument")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form has already written the fields on the instance: the service compares
        # against the stored row.
        stored = _dossier(request, pk)
        try:
            services.dossier_update(
                dossier=stored,
                auteur=request.user,
                membres=data["membres"],
                **{name: data[name] for name in FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Dossier enregistré.")
            return redirect(stored)
    return render(request, "accompagnement/modifier.html", {"form": form, "dossier": dossier})


@require_POST
@membre_required
def etat(request, pk):
    dossier = _dossier(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_move(
                dossier=dossier,
                etat=form.cleaned_data["etat"],
                motif=form.cleaned_data["motif"],
                auteur=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "État enregistré.")
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(dossier)


@require_POST
@membre_required
def temps(request, pk):
    dossier = _dossier(request, pk)
    form = AccompagnementForm(request.POST)
    if form.is_valid():
        try:
            services.log_add(dossier=dossier, auteur=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Temps d'accompagnement enregistré.")
            return redirect(dossier)
    return _page(request, dossier, log_form=form)


@require_POST
@membre_required
def piece_ajouter(request, pk):
    dossier = _dossier(request, pk)
    form = PieceForm(request.POST, request.FILES, instrument=dossier.instrument)
    if form.is_valid():
        try:
            pieces.piece_add(
                dossier=dossier,
                upload=form.cleaned_data["fichier"],
                piece=form.cleaned_data["piece"],
                auteur=request.user,
            )
        except ValidationError as exc:
            form.add_error("fichier", exc)
        else:
            messages.success(request, "Pièce ajoutée au dossier.")
            return redirect(dossier.get_absolute_url() + "#pieces")
    return _page(request, dossier, piece_form=form)


def _piece(request, pk, piece_pk):
    return get_for_reseau_or_404(
        PieceDossier.objects.select_related("dossier"), request.reseau, pk=piece_pk, dossier_id=pk
    )


@membre_required
def piece(request, pk, piece_pk):
    document = _piece(request, pk, piece_pk)
    try:
        stream = document.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Ce fichier n'est plus dans le stockage.") from exc
    return FileResponse(stream, as_attachment=True, filename=document.nom)


@require_POST
@membre_required
def piece_supprimer(request, pk, piece_pk):
    document = _piece(request, pk, piece_pk)
    pieces.piece_delete(document=document, auteur=request.user)
    messages.success(request, f"Pièce « {document.nom} » supprimée.")
    return redirect(document.dossier.get_absolute_url() + "#pieces")
