"""The public registration pages: no account, reached by an unguessable link, designed for the
phone first (pretix would call this « presale »)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from passerelles.ateliers.inscriptions import passation, services
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.ateliers.preparation.documents import lieu
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.chemins import token_path
from passerelles.territoires.forms import collectivite_label

from .forms import InscriptionForm, PassationConfirmationForm, PassationForm
from .models import EtatInscription, Inscription, Passation
from .services import InscriptionImpossible, Lien

RATE_FORMULAIRES = "20/h"
RATE_SUGGESTIONS = "120/m"
GROUPE_FORMULAIRES = "ateliers-inscription"


def one_commit_per_post(view):
    """The rate limit's count and the registration commit together. On PostgreSQL a commit
    waits for the disk, and the registration's own is what the form must wait for. Not on
    SQLite: its commits cost little (WAL, synchronous=NORMAL), and a transaction begun before
    the form is read would hold the base's write lock for the whole request."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST" or connection.vendor == "sqlite":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapped


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _trop_de_demandes(request):
    return render(request, "ateliers/inscriptions/trop_de_demandes.html", status=429)


@login_not_required
@one_commit_per_post
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_publique(request, jeton):
    # The atelier is read by its page, or by the registration with its seat, under the lock,
    # once the form is valid: a registration that succeeds shows no page.
    return _inscription(request, Lien(jeton_public=jeton), invitation=None)


@login_not_required
@one_commit_per_post
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_invitation(request, jeton):
    invitation = get_object_or_404(
        Invitation.objects.select_related(
            "atelier__reseau", "atelier__lieu_collectivite", "contact", "collectivite__departement"
        ),
        jeton=jeton,
    )
    # A personal link opened again after registering leads to the registration, not an empty
    # form; a town hall's shared address may register several people, so it always shows the form.
    # A registration passed on to a colleague is theirs: the invitation link no longer opens it.
    registered = (
        None
        if invitation.institutionnelle
        else services.actives(invitation.atelier)
        .filter(invitation=invitation)
        .exclude(passations__confirmee_le__isnull=False)
        .first()
    )
    if registered is not None and request.method == "GET":
        return _to_registration(registered)
    return _inscription(request, invitation.atelier, invitation=invitation)


def _inscription(request, atelier: "Atelier | Lien", invitation: Invitation | None):
    if request.method == "POST" and request.limited:
        return _trop_de_demandes(request)
    form = InscriptionForm(request.POST or None, initial=_initial(invitation))
    if request.method != "POST":
        return _page(request, "formulaire.html", atelier, form)
    if form.robot:
        return _page(request, "refusee.html", atelier, form, status=400)
    if form.is_valid():
        try:
            inscription, created = services.inscription_register(
                atelier=atelier, personne=form.personne(), site_url=site_url(request), invitation=invitation
            )
        except Atelier.DoesNotExist:
            raise Http404("Aucun atelier ne correspond à ce lien.") from None
        except InscriptionImpossible as refus:  # closed, cancelled or past: the page says which
            form.add_error(None, str(refus))
        else:
            if created:
                return _to_registration(inscription)
            # The address is already registered: its link goes to that address, not to this page.
            return _page(request, "deja_inscrit.html", atelier, form)
    return _page(request, "formulaire.html", atelier, form)


def _to_registration(inscription: Inscription) -> HttpResponseRedirect:
    """To the page of a registration, where its link leads."""
    return HttpResponseRedirect(token_path("ateliers:inscription_gerer", inscription.jeton))


def _page(request, template: str, atelier: "Atelier | Lien", form, status: int = 200):
    """The atelier's page around the form. Its seats are counted here, only when a page is
    shown: a registration that succeeds redirects without it (and the seat it takes is
    decided under the atelier's lock, by the service)."""
    if isinstance(atelier, Lien):
        ateliers = Atelier.objects.select_related("reseau", "lieu_collectivite")
        atelier = get_object_or_404(ateliers, jeton_public=atelier.jeton_public)
    prises = services.places_prises(atelier) if atelier.capacite is not None else None
    context = {
        "atelier": atelier,
        "form": form,
        "ouverture": services.ouverture(atelier, prises=prises),
        "places": services.places_restantes(atelier, prises=prises),
        "lieu": lieu(atelier),
        "quand": quand(atelier),
    }
    return render(request, f"ateliers/inscriptions/{template}", context, status=status)


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
        if request.POST.get("annuler") == "oui" or request.POST.get("offre") == "refuser":
            services.inscription_cancel(inscription=inscription, site_url=site_url(request))
            messages.success(request, "Votre inscription est annulée. Un courriel vous le confirme.")
        elif request.POST.get("offre") == "accepter":
            try:
                services.offre_accepter(inscription=inscription, site_url=site_url(request))
            except InscriptionImpossible as refus:
                messages.error(request, str(refus))
            else:
                messages.success(request, "La place est à vous : votre inscription est confirmée.")
        return _to_registration(inscription)
    return render(request, "ateliers/inscriptions/gerer.html", _gerer_context(inscription))


def _gerer_context(inscription: Inscription, passation_form: PassationForm | None = None) -> dict:
    atelier = inscription.atelier
    pending = passation.pending_for(inscription)
    return {
        "inscription": inscription,
        "atelier": atelier,
        "lieu": lieu(atelier),
        "quand": quand(atelier),
        "annule": atelier.statut == StatutAtelier.ANNULE,
        "rang": _rang(inscription),
        "offre": Inscription.objects.filter(pk=inscription.pk).filter(services.offre_en_cours()).exists(),
        # Passing the seat on is offered while it can still be done.
        "transmissible": services.ouverture(atelier) not in services.REFUS and not inscription.present,
        "passation_form": passation_form or PassationForm(),
        "passation_en_cours": pending,
        "passation_en_cours_expire": passation.moment(pending.expire_le) if pending else "",
    }


@login_not_required
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_transmettre(request, jeton):
    """The registrant names the colleague who should take their seat (shown on their page)."""
    inscription = get_object_or_404(
        Inscription.objects.select_related("atelier__reseau", "atelier__lieu_collectivite", "collectivite"),
        jeton=jeton,
    )
    if request.method != "POST":
        return render(request, "ateliers/inscriptions/gerer.html", _gerer_context(inscription))
    if request.limited:
        return _trop_de_demandes(request)
    form = PassationForm(request.POST)
    if form.is_valid():
        try:
            proposal = passation.passation_propose(
                inscription=inscription, collegue=form.collegue(), site_url=site_url(request)
            )
        except InscriptionImpossible as refus:
            form.add_error(None, str(refus))
        else:
            messages.success(
                request,
                f"Nous avons écrit à {proposal}. Votre inscription reste la vôtre tant que "
                "cette personne n'a pas confirmé.",
            )
            return _to_registration(inscription)
    context = _gerer_context(inscription, passation_form=form)
    return render(request, "ateliers/inscriptions/gerer.html", context, status=400)


@login_not_required
@ratelimit(group=GROUPE_FORMULAIRES, key="ip", rate=RATE_FORMULAIRES, method="POST", block=False)
def inscription_passation(request, jeton):
    """The colleague's page: they confirm, with their own consent and needs, or let it go."""
    proposal = get_object_or_404(
        Passation.objects.select_related(
            "inscription__atelier__reseau",
            "inscription__atelier__lieu_collectivite",
            "inscription__collectivite",
        ),
        jeton=jeton,
    )
    if request.method == "POST" and request.limited:
        return _trop_de_demandes(request)
    form = PassationConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inscription = passation.passation_confirm(
                passation=proposal,
                consentement=form.cleaned_data["consentement"],
                besoins=form.cleaned_data["besoins"],
                site_url=site_url(request),
            )
        except InscriptionImpossible as refus:
            form.add_error(None, str(refus))
        else:
            messages.success(request, "L'inscription est à votre nom. Un courriel vous le confirme.")
            return _to_registration(inscription)
    atelier = proposal.inscription.atelier
    context = {
        "passation": proposal,
        "inscription": proposal.inscription,
        "atelier": atelier,
        "lieu": lieu(atelier),
        "quand": quand(atelier),
        "form": form,
        "impossible": passation.state_of(proposal),
        "expire": passation.moment(proposal.expire_le),
    }
    return render(
        request, "ateliers/inscriptions/passation.html", context, status=400 if form.errors else 200
    )


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
