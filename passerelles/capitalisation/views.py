from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passerelles.core.fichiers import FichierInvalide, check_size
from passerelles.core.tableurs import export_filename
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.leviers.models import Instrument, PointEntree

from . import exports, services
from .etiquettes import fiche_tags
from .forms import FicheForm, ImportFicheForm, section_choices
from .importation.decoupage import split_fiche
from .importation.lecture import check_fiche_length, fiche_text
from .importation.revue import grouped, reviewed_content
from .models import Fiche
from .recherche import TAG_FIELDS, fiche_search, visible_fiches
from .sections import LESSON_SECTIONS, SECTIONS

EXPORTS = {
    "pdf": ("application/pdf", exports.fiche_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", exports.fiche_docx),
    "md": ("text/markdown; charset=utf-8", lambda fiche: exports.fiche_markdown(fiche).encode()),
}


def _readable(request, pk) -> Fiche:
    return get_object_or_404(visible_fiches(request.reseau), pk=pk)


@membre_required
def recherche(request):
    filtres = {field: request.GET.get(field, "") for field in (*TAG_FIELDS, "annee", "reseau")}
    results = fiche_search(reseau=request.reseau, q=request.GET.get("q", ""), filtres=filtres)
    points = PointEntree.objects.all()
    return render(
        request,
        "capitalisation/recherche.html",
        {"resultats": results, "q": request.GET.get("q", ""), "points": points, "filtres": filtres},
    )


@membre_required
def fiche(request, pk):
    fiche = _readable(request, pk)
    return render(
        request,
        "capitalisation/fiche.html",
        {"fiche": fiche, "modifiable": fiche.reseau_id == request.reseau.pk, "etiquettes": fiche_tags(fiche)},
    )


@membre_required
def export(request, pk, fmt):
    if fmt not in EXPORTS:
        raise Http404("Format inconnu")
    fiche = _readable(request, pk)
    content_type, render_export = EXPORTS[fmt]
    response = HttpResponse(render_export(fiche), content_type=content_type)
    filename = export_filename("fiche", fiche.titre[:60])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@membre_required
def edition(request, pk=None):
    fiche = get_for_reseau_or_404(Fiche, request.reseau, pk=pk) if pk else None
    form = FicheForm(request.POST or None, instance=fiche)
    if request.method == "POST" and form.is_valid():
        fiche = services.fiche_save(reseau=request.reseau, auteur=request.user, fiche=fiche, **form.content())
        messages.success(request, "Fiche enregistrée ; la version précédente est gardée.")
        return redirect(fiche)
    return render(request, "capitalisation/edition.html", {"form": form, "fiche": fiche})


@require_POST
@membre_required
def restaurer(request, pk, numero):
    fiche = get_for_reseau_or_404(Fiche, request.reseau, pk=pk)
    version = get_object_or_404(fiche.versions, numero=numero)
    services.fiche_restore(fiche=fiche, version=version, auteur=request.user)
    messages.success(request, f"Version {numero} restaurée.")
    return redirect(fiche)


@membre_required
def importer(request):
    if request.method == "POST" and "enregistrer" in request.POST:
        return _save_reviewed(request)
    form = ImportFicheForm(request.POST or None, request.FILES or None)
    decoupage = None
    if request.method == "POST" and form.is_valid():
        try:
            decoupage = split_fiche(_uploaded_text(form.cleaned_data))
        except FichierInvalide as exc:
            form.add_error("fichier", str(exc))
    context = {
        "form": form,
        "decoupage": decoupage,
        "groupes": grouped(decoupage) if decoupage else [],
        "choix_sections": section_choices(),
    }
    return render(request, "capitalisation/importer.html", context)


def _uploaded_text(data) -> str:
    if data.get("fichier"):
        check_size(data["fichier"].size, settings.IMPORT_TAILLE_MAX)
        return fiche_text(data["fichier"].read())
    return check_fiche_length(data["texte"])


def _save_reviewed(request):
    content = reviewed_content(request.POST)
    if not any(content.values()):
        messages.error(request, "Rien à enregistrer : collez le texte de la fiche ou choisissez un fichier.")
        return redirect("capitalisation:importer")
    fiche = services.fiche_save(reseau=request.reseau, auteur=request.user, **content)
    messages.success(request, "Fiche importée : complétez ses étiquettes, ses limites et ses enseignements.")
    return redirect("capitalisation:modifier", pk=fiche.pk)


@membre_required
def synthese(request):
    """Leviers, limites and enseignements across fiches, e.g. every lesson about small rural
    communes or about the 1 % solidaires."""
    filtres = {
        field: request.GET.get(field, "") for field in ("points_entree", "instruments", "ruralite", "tailles")
    }
    fiches = [
        fiche
        for fiche in visible_fiches(request.reseau).order_by("-annee", "titre")
        if all(value in getattr(fiche, field) for field, value in filtres.items() if value)
    ]
    groupes = [
        (SECTIONS[section][0], [(f, getattr(f, section)) for f in fiches if getattr(f, section)])
        for section in LESSON_SECTIONS
    ]
    context = {
        "groupes": groupes,
        "filtres": filtres,
        "points": PointEntree.objects.all(),
        "instruments": Instrument.objects.filter(prerequis_seulement=False),
    }
    return render(request, "capitalisation/synthese.html", context)
