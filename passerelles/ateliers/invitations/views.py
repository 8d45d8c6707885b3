"""The atelier's invitations, their sending, reminders, and the public unsubscribe page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.invitations import rappels
from passerelles.ateliers.preparation.documents import document_filename, invitation_pdf
from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact
from passerelles.core.models import Travail
from passerelles.core.saisie import id_or_none
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.courriels.models import EtatMessage

from .forms import ChoixForm, JoursForm, MessageForm, TextesInvitationForm
from .services import (
    InvitationRefusee,
    contact_add,
    contacts_search,
    invitation_list,
    invitations_build,
    invitations_send,
    queue_invitations,
)
from .textes import invitation_email

PREVIEW_ROWS = 100


@membre_required
def invitations(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    if request.htmx and "q" in request.GET:
        found = contacts_search(atelier, request.GET["q"])
        return render(
            request, "ateliers/invitations/_recherche.html", {"atelier": atelier, "contacts": found}
        )
    form = TextesInvitationForm(instance=atelier)
    if request.method == "POST":
        response, form = _invitations_action(request, atelier)
        if response:
            return response
    return render(
        request, "ateliers/invitations/invitations.html", _invitations_context(request, atelier, form)
    )


def _invitations_action(request, atelier):
    action = request.POST.get("action")
    back = redirect("ateliers:invitations", pk=atelier.pk)
    if action == "textes":
        form = TextesInvitationForm(request.POST, instance=atelier)
        if not form.is_valid():
            return None, form
        form.save()
        messages.success(request, "Le texte de l'invitation est enregistré.")
    elif action == "constituer":
        added = invitations_build(atelier)
        messages.success(
            request,
            f"{added} invitation{'s' if added > 1 else ''} ajoutée{'s' if added > 1 else ''} à la liste.",
        )
    elif action == "ajouter":
        _add_by_hand(request, atelier)
    elif action == "retirer":
        removed = atelier.invitations.filter(pk=id_or_none(request.POST.get("invitation")))
        removed.exclude(email__in=atelier.messages.values("destinataire")).delete()
    elif action == "envoyer":
        if not atelier.invitations.exists():
            messages.error(request, "La liste est vide : ajoutez des invitations avant d'envoyer.")
            return back, None
        invitations_send(atelier=atelier, auteur=request.user)
        messages.success(request, "Les invitations partent en arrière-plan : suivez l'envoi ci-dessous.")
        return redirect("ateliers:envois", pk=atelier.pk), None
    return back, None


def _add_by_hand(request, atelier):
    contact = (
        Contact.objects.for_reseau(request.reseau).filter(pk=id_or_none(request.POST.get("contact"))).first()
    )
    if contact is None:
        messages.error(request, "Ce contact est introuvable.")
        return
    try:
        contact_add(atelier, contact)
    except InvitationRefusee as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{contact.nom_complet} est ajouté·e à la liste.")


def _invitations_context(request, atelier, form):
    invitations = atelier.invitations.select_related("contact", "collectivite").order_by(
        "-choisie_a_la_main", "email"
    )
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    proposed = invitation_list(atelier)
    existing = set(atelier.invitations.values_list("email", flat=True))
    nouveaux = [person for person in proposed.destinataires if person.email not in existing]
    apercu = _preview(request, atelier, invitations)
    return {
        "atelier": atelier,
        "form": form,
        "page": page,
        "proposee": proposed,
        "nouveaux": nouveaux[:PREVIEW_ROWS],
        "nombre_nouveaux": len(nouveaux),
        "institutionnelles": sum(1 for person in proposed.destinataires if person.institutionnelle),
        "exclus": sorted(proposed.exclus.items(), key=lambda item: -item[1]),
        "apercu": apercu,
        "deja_envoyees": atelier.messages.filter(nature=NatureMessage.INVITATION).count(),
    }


def _preview(request, atelier, invitations):
    chosen = invitations.filter(pk=id_or_none(request.GET.get("apercu"))).first() or invitations.first()
    if chosen is None:
        return None
    sujet, corps = invitation_email(chosen)
    return {"invitation": chosen, "sujet": sujet, "corps": corps}


@membre_required
def envois(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    outbox = atelier.messages.all()
    counts = dict(outbox.values_list("etat").annotate(n=Count("id")).order_by())
    etats = [(etat.label, counts.get(etat.value, 0), etat.value) for etat in EtatMessage]
    travail = (
        Travail.objects.filter(reseau=request.reseau)
        .filter(nature=queue_invitations.module_path, parametres__atelier_id=atelier.pk)
        .order_by("-cree_le")
        .first()
    )
    context = {
        "atelier": atelier,
        "etats": etats,
        "total": sum(counts.values()),
        "travail": travail,
        "actif": bool(counts.get(EtatMessage.EN_ATTENTE) or counts.get(EtatMessage.EN_COURS))
        or (travail is not None and not travail.termine),
        "problemes": outbox.exclude(erreur="").order_by("-id")[:100],
        "par_nature": [
            (NatureMessage(nature).label, n)
            for nature, n in outbox.values_list("nature").annotate(n=Count("id")).order_by("nature")
        ],
    }
    template = (
        "ateliers/invitations/_progression.html" if request.htmx else "ateliers/invitations/envois.html"
    )
    return render(request, template, context)


@membre_required
def rappels_page(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    invites = rappels.unanswered(atelier)
    jours_form = JoursForm(
        initial={"jours": ", ".join(map(str, atelier.rappels_jours or rappels.DEFAULT_DAYS))}
    )
    choix_form = ChoixForm(invites=invites)
    relance_form = MessageForm(nature=NatureMessage.RELANCE, prefix="relance")
    apres = {
        NatureMessage.MERCI: MessageForm(nature=NatureMessage.MERCI, prefix="merci"),
        NatureMessage.ABSENT: MessageForm(nature=NatureMessage.ABSENT, prefix="absent"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        choix_form = ChoixForm(request.POST, invites=invites)
        if action == "programmer":
            jours_form = JoursForm(request.POST)
            if jours_form.is_valid() and choix_form.is_valid():
                planned = rappels.reminders_plan(
                    atelier, jours_form.cleaned_data["jours"], choix_form.choix()
                )
                messages.success(request, _planned_message(planned))
                return redirect("ateliers:rappels", pk=atelier.pk)
        elif action == "relancer":
            relance_form = MessageForm(request.POST, nature=NatureMessage.RELANCE, prefix="relance")
            if relance_form.is_valid() and choix_form.is_valid():
                _send_now(atelier, NatureMessage.RELANCE, relance_form, choix_form.choix())
                messages.success(request, "La relance part en arrière-plan.")
                return redirect("ateliers:envois", pk=atelier.pk)
        elif action in apres and atelier.date <= timezone.localdate():
            apres[action] = MessageForm(request.POST, nature=action, prefix=action)
            if apres[action].is_valid():
                _send_now(atelier, action, apres[action], {})
                messages.success(request, "Le message part en arrière-plan.")
                return redirect("ateliers:envois", pk=atelier.pk)
    return render(
        request,
        "ateliers/invitations/rappels.html",
        {
            "atelier": atelier,
            "invites": invites,
            "jours_form": jours_form,
            "choix_form": choix_form,
            "relance_form": relance_form,
            "apres": [
                (nature, NatureMessage(nature).label, form, _audience(atelier, nature))
                for nature, form in apres.items()
            ],
            "passe": atelier.date <= timezone.localdate(),
            "prevus": rappels.planned_reminders(atelier),
        },
    )


def _audience(atelier, nature) -> int:
    return (rappels.came if nature == NatureMessage.MERCI else rappels.did_not_come)(atelier).count()


def _send_now(atelier, nature, form, choix):
    vague = "apres" if nature != NatureMessage.RELANCE else f"{timezone.localdate():%Y-%m-%d}"
    rappels.send_now.enqueue(
        atelier.pk, nature, choix, form.cleaned_data["sujet"], form.cleaned_data["corps"], vague
    )


def _planned_message(planned) -> str:
    if not planned:
        return "Aucun rappel à programmer : les dates sont déjà passées."
    from passerelles.core.francais import date_longue

    days = ", ".join(date_longue(moment.date()) for moment in planned)
    return f"Rappels programmés : {days}, à 9 h."


@require_GET
@membre_required
def invitation_lettre(request, pk, invitation):
    """One invitee's letter, to print: addressed to them, with their short link and code."""
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    invitee = get_object_or_404(atelier.invitations.select_related("contact", "collectivite"), pk=invitation)
    response = HttpResponse(invitation_pdf(atelier, invitee), content_type="application/pdf")
    name = document_filename(atelier, f"invitation-{invitee.code}.pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
