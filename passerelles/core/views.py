from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from passerelles.territoires.selectors import territory_summary

from .journal import detail_lines
from .models import EtatTravail, Journal, Travail
from .tenancy import get_for_reseau_or_404, membre_required
from .travaux import travail_file_name
from .tuiles import render_tiles


def accueil(request):
    if not request.reseau:
        return render(request, "core/accueil.html", {"resume": None})
    context = {"resume": territory_summary(request.reseau.region), "tuiles": render_tiles(request)}
    return render(request, "core/accueil.html", context)


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page declares: send them to the SVG icon."""
    return redirect(static("passerelles/favicon.svg"), permanent=True)


@membre_required
def journal(request):
    entries = Journal.objects.filter(reseau=request.reseau).select_related("auteur")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.lignes_detail = detail_lines(entry.details)
    return render(request, "core/journal.html", {"page": page, "querystring": ""})


@membre_required
def travail(request, pk):
    """A background job's progress; htmx polls the fragment until the job is over."""
    job = get_for_reseau_or_404(Travail, request.reseau, pk=pk)
    template = "core/_travail.html" if request.htmx else "core/travail.html"
    return render(request, template, {"travail": job})


@membre_required
def travail_fichier(request, pk):
    """The file a background job produced (a large export), for the job's réseau only."""
    job = get_for_reseau_or_404(Travail, request.reseau, pk=pk, etat=EtatTravail.TERMINE)
    name = travail_file_name(job)
    if name is None:
        raise Http404("Ce fichier n'existe plus.")
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=job.resultat["nom_fichier"]
    )


@login_not_required
def formulaire_expire(request, reason=""):
    """A form sent without its CSRF token (an old tab, a page kept open for a day): in French,
    with what to do, and without the technical reason."""
    return render(request, "403.html", {"formulaire_expire": True}, status=403)
