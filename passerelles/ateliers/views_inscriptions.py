"""Registration pages: the public ones (no account, reached by an unguessable link) and the
staff ones (registrations list, check-in on the day)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.territoires.forms import collectivite_label

from . import inscriptions as services
from .documents import lieu
from .forms_inscriptions import AnnulationAtelierForm, CapaciteForm, InscriptionForm, SurPlaceForm
from .inscriptions import InscriptionImpossible
from .models import Atelier, EtatInscription, Inscription, Invitation, StatutAtelier
from .typographie import quand

# Per client address, counted in the database cache that every server process shares.
RATE_FORMULAIRES = "20/h"
RATE_SUGGESTIONS = "120/m"
GROUPE_FORMULAIRES = "ateliers-inscription"


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _trop_de_demandes(request):
    return render(request, "ateliers/inscriptions/trop_de_demandes.html", status=429)


# --- Public pages ----------------------------------------------------------------------------


@login_not_required
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_publique(request, jeton):
    atelier = get_object_or_404(
        Atelier.objects.select_related("reseau", "lieu_collectivite"), jeton_public=jeton
    )
    return _inscription(request, atelier, invitation=None)


@login_not_required
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_invitation(request, jeton):
    invitation = get_object_or_404(
        Invitation.objects.select_related(
            "atelier__reseau", "atelier__lieu_collectivite", "contact", "collectivite__departement"
        ),
        jeton=jeton,
    )
    return _inscription(request, invitation.atelier, invitation=invitation)


def _inscription(request, atelier: Atelier, invitation: Invitation | None):
    if request.method == "POST" and request.limited:
        return _trop_de_demandes(request)
    state = services.ouverture(atelier)
    form = InscriptionForm(
        request.POST or None,
        initial=_initial(invitation),
        suggestions_url=reverse("ateliers:collectivites_suggestions"),
    )
    context = {
        "atelier": atelier,
        "form": form,
        "ouverture": state,
        "places": services.places_restantes(atelier),
        "lieu": lieu(atelier),
        "quand": quand(atelier),
    }
    if request.method != "POST" or state in services.REFUS:
        return render(request, "ateliers/inscriptions/formulaire.html", context)
    if form.robot:
        return render(request, "ateliers/inscriptions/refusee.html", context, status=400)
    if form.is_valid():
        try:
            inscription, created = services.inscription_register(
                atelier=atelier, personne=form.personne(), site_url=site_url(request), invitation=invitation
            )
        except InscriptionImpossible as refus:
            form.add_error(None, str(refus))
        else:
            if created:
                return redirect("ateliers:inscription_gerer", jeton=inscription.jeton)
            # The address is already registered: its link goes to that address, not to this page.
            return render(request, "ateliers/inscriptions/deja_inscrit.html", context)
    return render(request, "ateliers/inscriptions/formulaire.html", context)


def _initial(invitation: Invitation | None) -> dict:
    if invitation is None:
        return {}
    initial = {} if invitation.institutionnelle else {"email": invitation.email}
    initial["collectivite"] = collectivite_label(invitation.collectivite)
    contact = invitation.contact
    if contact is not None and not contact.efface_le:
        initial.update(
            civilite=contact.civilite,
            prenom=contact.prenom,
            nom=contact.nom,
            role=contact.role_id,
            email=contact.email or initial.get("email", ""),
        )
        if contact.collectivite_id:
            initial["collectivite"] = collectivite_label(contact.collectivite)
    return initial


@login_not_required
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_gerer(request, jeton):
    inscription = get_object_or_404(
        Inscription.objects.select_related("atelier__reseau", "atelier__lieu_collectivite", "collectivite"),
        jeton=jeton,
    )
    if request.method == "POST":
        if request.limited:
            return _trop_de_demandes(request)
        if request.POST.get("annuler") == "oui":
            services.inscription_cancel(inscription=inscription, site_url=site_url(request))
            messages.success(request, "Votre inscription est annulée. Un courriel vous le confirme.")
        return redirect("ateliers:inscription_gerer", jeton=inscription.jeton)
    atelier = inscription.atelier
    context = {
        "inscription": inscription,
        "atelier": atelier,
        "lieu": lieu(atelier),
        "quand": quand(atelier),
        "annule": atelier.statut == StatutAtelier.ANNULE,
        "rang": _rang(inscription),
    }
    return render(request, "ateliers/inscriptions/gerer.html", context)


def _rang(inscription: Inscription) -> int | None:
    """Position on the waiting list (1 = next to get a seat)."""
    if inscription.etat != EtatInscription.ATTENTE:
        return None
    waiting = Inscription.objects.filter(atelier_id=inscription.atelier_id, etat=EtatInscription.ATTENTE)
    ahead = waiting.filter(
        Q(cree_le__lt=inscription.cree_le) | Q(cree_le=inscription.cree_le, id__lt=inscription.id)
    )
    return ahead.count() + 1


@login_not_required
@require_GET
@ratelimit(key="ip", rate=RATE_SUGGESTIONS, method="GET", block=False)
def collectivites_suggestions(request):
    suggestions = (
        [] if request.limited else services.collectivite_suggestions(request.GET.get("collectivite", ""))
    )
    options = [(collectivite_label(c), c.get_type_display()) for c in suggestions]
    return render(request, "ateliers/inscriptions/_suggestions.html", {"options": options})


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
            atelier=atelier, personne=form.personne(), auteur=request.user
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
