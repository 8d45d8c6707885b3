"""The import screens: upload → column mapping → check (dry run) → import → report."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from passerelles.core.fichiers import FichierInvalide, check_size
from passerelles.core.models import Travail
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.core.travaux import launch
from passerelles.territoires.cache import shared_matcher

from . import travaux
from .forms import ImportMappingForm, ImportUploadForm
from .importation.colonnes import guess_mapping
from .importation.lecture import read_table
from .importation.plan import CREER, build_plan, plan_counts
from .models import ImportContacts, StatutImport


@membre_required
def televerser(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fichier"]
        try:
            check_size(upload.size, settings.IMPORT_TAILLE_MAX)  # before reading it into memory
            table = read_table(upload.read(), taille_max=settings.IMPORT_TAILLE_MAX)
        except FichierInvalide as exc:
            form.add_error("fichier", str(exc))
        else:
            mapping = guess_mapping(table.en_tetes)
            session = ImportContacts.objects.create(
                reseau=request.reseau,
                auteur=request.user,
                nom_fichier=upload.name[:255],
                en_tetes=table.en_tetes,
                lignes=table.lignes,
                correspondance={str(index): field for index, field in mapping.items()},
            )
            return redirect("contacts:import_colonnes", pk=session.pk)
    return render(request, "contacts/import_televerser.html", {"form": form})


def _session(request, pk) -> ImportContacts:
    return get_for_reseau_or_404(ImportContacts, request.reseau, pk=pk)


@membre_required
def colonnes(request, pk):
    session = _session(request, pk)
    if session.statut == StatutImport.IMPORTE:
        return redirect("contacts:import_rapport", pk=session.pk)
    form = ImportMappingForm(
        request.POST or None,
        headers=session.en_tetes,
        samples=session.lignes[:3],
        initial_mapping=session.mapping,
    )
    if request.method == "POST" and form.is_valid():
        session.correspondance = form.mapping()
        session.save(update_fields=["correspondance"])
        return redirect("contacts:import_verification", pk=session.pk)
    return render(request, "contacts/import_colonnes.html", {"form": form, "session": session})


@membre_required
def verification(request, pk):
    session = _session(request, pk)
    if session.statut == StatutImport.IMPORTE:
        return redirect("contacts:import_rapport", pk=session.pk)
    if request.method == "POST":
        _save_choices(session, request.POST)
    if request.method == "POST" and "importer" in request.POST:
        return _import(request, session)
    plan = build_plan(
        reseau=request.reseau,
        lignes=session.lignes,
        mapping=session.mapping,
        choix=session.choix,
        fusions_refusees=set(session.fusions_refusees),
        matcher=shared_matcher(),
    )
    attention = [
        entry for entry in plan if entry.action != CREER or entry.avertissements or _uncertain(entry)
    ]
    context = {
        "session": session,
        "compte": plan_counts(plan),
        "attention": attention[:300],
        "attention_total": len(attention),
        "apercu": plan[:10],
    }
    return render(request, "contacts/import_verification.html", context)


def _import(request, session: ImportContacts):
    if len(session.lignes) <= travaux.LIGNES_EN_DIRECT:
        counts = travaux.import_session_run(session, request.user)
        messages.success(request, f"Import terminé : {counts[CREER]} contact(s) créé(s).")
        return redirect("contacts:import_rapport", pk=session.pk)
    running = Travail.objects.filter(
        reseau=request.reseau, parametres__session_id=session.pk, fini_le__isnull=True
    ).first()
    travail = running or launch(
        reseau=request.reseau,
        auteur=request.user,
        task=travaux.importer_contacts,
        libelle=f"Import de contacts : {session.nom_fichier}",
        session_id=session.pk,
    )
    return redirect("travail", pk=travail.pk)


def _uncertain(entry) -> bool:
    return bool(entry.correspondance) and entry.correspondance["statut"] in (
        "ambigue",
        "incertaine",
        "choisie",
    )


def _save_choices(session: ImportContacts, data) -> None:
    for key, value in data.items():
        if key.startswith("choix_"):
            line = key.removeprefix("choix_")
            if value.isdigit() and len(value) < 12:
                session.choix[line] = int(value)
            elif value == "aucune":
                session.choix[line] = None
            else:
                session.choix.pop(line, None)
    shown = {int(v) for v in data.getlist("fusion_proposee") if v.isdigit()}
    accepted = {int(v) for v in data.getlist("fusion") if v.isdigit()}
    session.fusions_refusees = sorted((set(session.fusions_refusees) - shown) | (shown - accepted))
    session.save(update_fields=["choix", "fusions_refusees"])


@membre_required
def rapport(request, pk):
    session = _session(request, pk)
    if session.statut != StatutImport.IMPORTE:
        return redirect("contacts:import_verification", pk=session.pk)
    return render(request, "contacts/import_rapport.html", {"session": session})
