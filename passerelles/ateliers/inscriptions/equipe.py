"""The team's registration pages: the registrations list, seats and closing, cancelling, and
check-in on the day (pretix would call this « control »)."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from passerelles.ateliers.inscriptions import pointage, services
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.tableurs import spreadsheet_response
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required

from .badges import PAR_FEUILLE, PAR_FEUILLE_DEFAUT, badges_filename, badges_pdf
from .exports import export_filename, registrant_rows
from .forms import AnnulationAtelierForm, CapaciteForm, QualiteForm, SurPlaceForm
from .models import Inscription, Qualite
from .public import site_url

# --- Staff: the registrations list --------------------------------------------------------------


@membre_required
def inscriptions(request, pk):
    atelier = get_for_reseau_or_404(
        Atelier.objects.select_related("lieu_collectivite"), request.reseau, pk=pk
    )
    context = {
        "atelier": atelier,
        "listes": services.registrations_by_state(atelier),
        "compteurs": services.compteurs(atelier),
        "ouverture": services.ouverture(atelier),
        "places": services.places_restantes(atelier),
        "capacite_form": CapaciteForm(initial={"capacite": atelier.capacite}),
        "qualites": Qualite.choices,
        "lien_public": site_url(request)
        + reverse("ateliers:inscription_publique", kwargs={"jeton": atelier.jeton_public}),
    }
    return render(request, "ateliers/inscriptions/liste.html", context)


@membre_required
@require_POST
def inscriptions_capacite(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    form = CapaciteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "La capacité doit être un nombre entier positif, ou vide pour « sans limite »."
        )
        return redirect("ateliers:inscriptions", pk=atelier.pk)
    promoted = services.capacity_set(
        atelier=atelier,
        capacite=form.cleaned_data["capacite"],
        site_url=site_url(request),
        auteur=request.user,
    )
    messages.success(request, _capacity_message(len(promoted)))
    return redirect("ateliers:inscriptions", pk=atelier.pk)


def _capacity_message(promoted: int) -> str:
    if promoted == 0:
        return "Capacité enregistrée."
    if promoted == 1:
        return "Capacité enregistrée : une personne sort de la liste d'attente et en est prévenue."
    return f"Capacité enregistrée : {promoted} personnes sortent de la liste d'attente et en sont prévenues."


@membre_required
@require_POST
def inscriptions_fermeture(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    action = request.POST.get("action")
    if action == "rouvrir":
        services.registrations_reopen(atelier=atelier, auteur=request.user)
        messages.success(request, "Les inscriptions sont rouvertes.")
    elif action == "fermer":
        services.registrations_close(atelier=atelier, auteur=request.user)
        messages.success(request, "Les inscriptions sont closes.")
    else:
        messages.error(request, "Action inconnue : rien n'a été modifié.")
    return redirect("ateliers:inscriptions", pk=atelier.pk)


@membre_required
@require_POST
def inscription_annuler(request, pk, inscription):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    registration = get_object_or_404(Inscription, atelier=atelier, pk=inscription)
    promoted = services.inscription_cancel(
        inscription=registration, site_url=site_url(request), auteur=request.user
    )
    text = f"Inscription de {registration} annulée."
    if promoted:
        text += f" {promoted[0]} sort de la liste d'attente et en est prévenu·e."
    messages.success(request, text)
    return redirect("ateliers:inscriptions", pk=atelier.pk)


@membre_required
@require_POST
def inscription_qualite(request, pk, inscription):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    form = QualiteForm(request.POST)
    changed = form.is_valid() and services.qualite_set(
        atelier=atelier, inscription_id=inscription, qualite=form.cleaned_data["qualite"], auteur=request.user
    )
    if changed:
        messages.success(request, f"{changed} : {changed.get_qualite_display().lower()}.")
    else:
        messages.error(request, "Cette inscription est introuvable : rien n'a été modifié.")
    return redirect("ateliers:inscriptions", pk=atelier.pk)


@membre_required
def atelier_annuler(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    form = AnnulationAtelierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.atelier_cancel(
            atelier=atelier, site_url=site_url(request), auteur=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, f"Atelier annulé. Personnes prévenues par courriel : {told}.")
        return redirect("ateliers:inscriptions", pk=atelier.pk)
    context = {"atelier": atelier, "form": form, "compteurs": services.compteurs(atelier)}
    return render(request, "ateliers/inscriptions/annuler_atelier.html", context)


# --- Staff: the lists an organiser prints or opens in a spreadsheet ---------------------------


@membre_required
@require_GET
def inscriptions_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    headers, rows = registrant_rows(atelier)
    return spreadsheet_response(headers, rows, export_filename(atelier), fmt)


@membre_required
@require_GET
def inscriptions_badges(request, pk):
    atelier = get_for_reseau_or_404(Atelier.objects.select_related("reseau"), request.reseau, pk=pk)
    asked = request.GET.get("par_feuille", "")
    par_feuille = int(asked) if asked in {str(n) for n in PAR_FEUILLE} else PAR_FEUILLE_DEFAUT
    response = HttpResponse(badges_pdf(atelier, par_feuille), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{badges_filename(atelier)}"'
    return response


# --- Staff: check-in on the day -------------------------------------------------------------------


@membre_required
def accueil(request, pk):
    atelier = get_for_reseau_or_404(
        Atelier.objects.select_related("lieu_collectivite"), request.reseau, pk=pk
    )
    return render(request, "ateliers/inscriptions/accueil.html", _accueil_context(atelier, SurPlaceForm()))


def _accueil_context(atelier: Atelier, form: SurPlaceForm) -> dict:
    return {
        "atelier": atelier,
        # Installed from npm (make install): without it, the page offers no scan, but works.
        "lecteur_qr": (settings.JSQR_DIST / "jsQR.js").is_file(),
        "resultats": services.accueil_recherche(atelier, ""),
        "compteurs": services.compteurs(atelier),
        "form": form,
    }


@membre_required
@require_GET
def accueil_recherche(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    resultats = services.accueil_recherche(atelier, request.GET.get("q", "")[:100])
    return render(
        request, "ateliers/inscriptions/_accueil_resultats.html", {"atelier": atelier, "resultats": resultats}
    )


@membre_required
@require_POST
def accueil_presence(request, pk, inscription):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    present = request.POST.get("present") == "1"
    services.presence_set(atelier=atelier, inscription_id=inscription, present=present, auteur=request.user)
    row = get_object_or_404(services.actives(atelier).select_related("collectivite", "role"), pk=inscription)
    if not request.htmx:
        return redirect("ateliers:accueil", pk=atelier.pk)
    context = {"atelier": atelier, "i": row, "compteurs": services.compteurs(atelier), "oob": True}
    return render(request, "ateliers/inscriptions/_accueil_ligne.html", context)


@membre_required
@require_POST
def accueil_sur_place(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    form = SurPlaceForm(request.POST)
    if form.is_valid():
        inscription, created = services.inscription_sur_place(
            atelier=atelier,
            personne=form.personne(),
            auteur=request.user,
            qualite=form.cleaned_data["qualite"],
        )
        if created:
            messages.success(request, f"{inscription} est ajouté·e sans inscription et marqué·e présent·e.")
        else:
            messages.success(request, f"{inscription} était déjà inscrit·e : marqué·e présent·e.")
        return redirect("ateliers:accueil", pk=atelier.pk)
    context = {**_accueil_context(atelier, form), "ouvrir_sur_place": True}
    return render(request, "ateliers/inscriptions/accueil.html", context, status=400)


@membre_required
@require_GET
def accueil_compteurs(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    context = {"atelier": atelier, "compteurs": services.compteurs(atelier)}
    return render(request, "ateliers/inscriptions/_accueil_compteurs.html", context)


# --- Staff: check-in without a network (the page's script, its service worker) --------------


@membre_required
@require_GET
@never_cache
def accueil_liste(request, pk):
    """Everyone the page may tick, kept by the tablet to work on when the network drops."""
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    return JsonResponse(_liste_payload(atelier))


def _liste_payload(atelier: Atelier) -> dict:
    return {"personnes": pointage.liste(atelier), "compteurs": services.compteurs(atelier)}


@membre_required
@require_POST
def accueil_synchroniser(request, pk):
    """The actions a tablet queued, applied once each; answers each one's fate and the list
    as it now stands, so that two tablets converge at every sync."""
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    try:
        actions = pointage.parse(json.loads(request.body))
    except (ValueError, UnicodeDecodeError) as exc:
        message = str(exc) if isinstance(exc, pointage.ActionsIllisibles) else "Envoi illisible."
        return JsonResponse({"erreur": message}, status=400)
    results = pointage.synchronize(atelier=atelier, actions=actions, auteur=request.user)
    return JsonResponse({"resultats": [vars(result) for result in results], **_liste_payload(atelier)})


@membre_required
@require_GET
def accueil_service_worker(request, pk):
    """Served beside the check-in page, so that its scope is that page alone: what it keeps
    for offline use concerns no other page of the site."""
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    context = {"page": reverse("ateliers:accueil", args=[atelier.pk])}
    response = render(request, "ateliers/inscriptions/accueil-sw.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
