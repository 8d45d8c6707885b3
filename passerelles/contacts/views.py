from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from passerelles.core.francais import accord
from passerelles.core.tableurs import export_filename, spreadsheet_response
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.core.travaux import launch

from . import services, travaux_export
from .exports import contact_export_rows, personal_data_json, personal_data_rows
from .forms import ContactFilterForm, ContactForm, OrganisationForm
from .models import Contact, Organisation
from .selectors import contact_list, possible_duplicates

PAGE_SIZE = 50


@membre_required
def liste(request):
    form = ContactFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    contacts = contact_list(reseau=request.reseau, **{k: v for k, v in filters.items() if v})
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        if contacts.count() > travaux_export.EXPORT_EN_DIRECT:
            travail = launch(
                reseau=request.reseau,
                auteur=request.user,
                task=travaux_export.exporter_contacts,
                libelle=f"Export des contacts ({fmt.upper()})",
                requete=request.GET.urlencode(),
                fmt=fmt,
            )
            return redirect("travail", pk=travail.pk)
        headers, rows = contact_export_rows(contacts)
        return spreadsheet_response(headers, rows, export_filename("contacts", request.reseau.slug), fmt)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request, "contacts/liste.html", {"form": form, "page": page, "querystring": params.urlencode()}
    )


@membre_required
def detail(request, pk):
    contact = get_for_reseau_or_404(
        Contact.objects.select_related("role", "collectivite", "organisation"), request.reseau, pk=pk
    )
    context = {
        "contact": contact,
        "interactions": contact.interactions.all()[:20],
        "relances": contact.relances.select_related("responsable"),
        "doublons": possible_duplicates(contact),
    }
    return render(request, "contacts/detail.html", context)


@membre_required
def creer(request):
    form = ContactForm(request.POST or None, reseau=request.reseau)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_create(reseau=request.reseau, auteur=request.user, **form.cleaned_data)
        messages.success(request, f"Contact « {contact} » créé.")
        return redirect(contact)
    return render(request, "contacts/formulaire.html", {"form": form, "titre": "Nouveau contact"})


@membre_required
def modifier(request, pk):
    contact = get_for_reseau_or_404(Contact, request.reseau, pk=pk, efface_le__isnull=True)
    form = ContactForm(request.POST or None, instance=contact, reseau=request.reseau)
    if request.method == "POST" and form.is_valid():
        services.contact_update(contact=contact, auteur=request.user, **form.cleaned_data)
        messages.success(request, "Modifications enregistrées.")
        return redirect(contact)
    return render(request, "contacts/formulaire.html", {"form": form, "titre": f"Modifier {contact}"})


@membre_required
def fusionner(request, pk):
    contact = get_for_reseau_or_404(Contact, request.reseau, pk=pk, efface_le__isnull=True)
    if request.method == "POST":
        doublon = get_for_reseau_or_404(Contact, request.reseau, pk=request.POST.get("doublon") or 0)
        if doublon.pk != contact.pk:
            services.contact_merge(kept=contact, duplicate=doublon, auteur=request.user)
            messages.success(request, f"« {doublon} » a été fusionné dans cette fiche.")
        return redirect(contact)
    return render(
        request, "contacts/fusion.html", {"contact": contact, "doublons": possible_duplicates(contact)}
    )


@require_POST
@membre_required
def desinscrire(request, pk):
    contact = get_for_reseau_or_404(Contact, request.reseau, pk=pk)
    services.contact_unsubscribe(contact=contact, auteur=request.user, source="saisie par l'équipe")
    messages.success(request, "Ce contact ne recevra plus d'envois.")
    return redirect(contact)


@membre_required
def effacer(request, pk):
    contact = get_for_reseau_or_404(Contact, request.reseau, pk=pk, efface_le__isnull=True)
    if request.method == "POST":
        services.contact_erase(contact=contact, auteur=request.user)
        messages.success(request, "Les données personnelles de ce contact ont été effacées.")
        return redirect("contacts:liste")
    return render(request, "contacts/effacer.html", {"contact": contact})


@membre_required
def donnees(request, pk, fmt):
    if fmt not in ("json", "csv"):
        raise Http404("Format inconnu")
    contact = get_for_reseau_or_404(Contact, request.reseau, pk=pk)
    filename = export_filename("donnees-personnelles", contact.nom_complet)
    if fmt == "json":
        response = HttpResponse(personal_data_json(contact), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    rows = personal_data_rows(contact)
    return spreadsheet_response(["Rubrique", "Champ", "Valeur"], rows, filename, "csv")


@membre_required
def conservation(request):
    years = settings.RETENTION_ANNEES
    if request.method == "POST":
        purged = services.contacts_purge(reseau=request.reseau, auteur=request.user, years=years)
        messages.success(request, f"{accord(purged, 'contact effacé', 'contacts effacés')}.")
        return redirect("contacts:conservation")
    contacts = services.contacts_due_for_review(reseau=request.reseau, years=years).select_related(
        "collectivite"
    )
    return render(request, "contacts/conservation.html", {"contacts": contacts, "annees": years})


@membre_required
def organisations(request):
    organisations = Organisation.objects.for_reseau(request.reseau).select_related("collectivite")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = ["Nom", "Type", "Collectivité", "Courriel", "Téléphone", "Site"]
        rows = [
            [
                o.nom,
                o.get_type_display(),
                o.collectivite.nom if o.collectivite else "",
                o.email,
                o.telephone,
                o.site,
            ]
            for o in organisations
        ]
        return spreadsheet_response(headers, rows, export_filename("organisations", request.reseau.slug), fmt)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/organisations.html", {"page": page})


@membre_required
def organisation(request, pk):
    organisation = get_for_reseau_or_404(Organisation, request.reseau, pk=pk)
    contacts = Contact.objects.for_reseau(request.reseau).filter(
        organisation=organisation, efface_le__isnull=True
    )
    return render(request, "contacts/organisation.html", {"organisation": organisation, "contacts": contacts})


@membre_required
def organisation_fusion(request, pk):
    organisation = get_for_reseau_or_404(Organisation, request.reseau, pk=pk)
    if request.method == "POST":
        doublon = get_for_reseau_or_404(Organisation, request.reseau, pk=request.POST.get("doublon") or 0)
        if doublon.pk != organisation.pk:
            services.organisation_merge(kept=organisation, duplicate=doublon, auteur=request.user)
            messages.success(request, f"« {doublon} » a été fusionnée dans cette organisation.")
        return redirect(organisation)
    doublons = Organisation.objects.for_reseau(request.reseau).exclude(pk=organisation.pk).order_by("nom")
    return render(
        request, "contacts/organisation_fusion.html", {"organisation": organisation, "doublons": doublons}
    )


@membre_required
def organisation_edition(request, pk=None):
    instance = (
        get_for_reseau_or_404(Organisation, request.reseau, pk=pk)
        if pk
        else Organisation(reseau=request.reseau)
    )
    form = OrganisationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_save(organisation=form.save(commit=False), auteur=request.user)
        messages.success(request, "Organisation enregistrée.")
        return redirect(organisation)
    titre = f"Modifier {instance}" if pk else "Nouvelle organisation"
    return render(request, "contacts/formulaire.html", {"form": form, "titre": titre})
