"""The import screens: upload → column mapping → check (dry run) → import → report.
Each long step runs in the worker when the file is large; the screens wait for it."""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from passerelles.core.fichiers import FichierInvalide, check_size
from passerelles.core.francais import accord
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.core.travaux import launch_once

from . import travaux
from .forms import ImportMappingForm, ImportUploadForm
from .importation import verification as checks
from .importation.plan import CREER
from .importation.televersement import new_session
from .models import ImportContacts, StatutImport


@membre_required
def televerser(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fichier"]
        try:
            check_size(upload.size, settings.IMPORT_TAILLE_MAX)  # before reading it into memory
            session = new_session(
                reseau=request.reseau, auteur=request.user, nom_fichier=upload.name, data=upload.read()
            )
        except FichierInvalide as exc:
            form.add_error("fichier", str(exc))
        else:
            if session.statut == StatutImport.A_LIRE:
                return _in_worker(request, session, travaux.lire_fichier, "Lecture")
            return redirect("contacts:import_colonnes", pk=session.pk)
    return render(request, "contacts/import_televerser.html", {"form": form})


def _session(request, pk) -> ImportContacts:
    """The session without its rows (megabytes for a large file), which only the checks and
    the import read."""
    sessions = ImportContacts.objects.defer("lignes")
    return get_for_reseau_or_404(sessions, request.reseau, pk=pk)


def _in_worker(request, session: ImportContacts, task, etape: str):
    travail = launch_once(
        reseau=request.reseau,
        auteur=request.user,
        task=task,
        libelle=f"{etape} de l'import : {session.nom_fichier}",
        session_id=session.pk,
    )
    return redirect("travail", pk=travail.pk)


def _elsewhere(request, session: ImportContacts):
    """Where a session that is not at the mapping or checking step is shown."""
    if session.statut == StatutImport.IMPORTE:
        return redirect("contacts:import_rapport", pk=session.pk)
    if session.statut == StatutImport.A_LIRE:
        return _in_worker(request, session, travaux.lire_fichier, "Lecture")
    return None


@membre_required
def colonnes(request, pk):
    session = _session(request, pk)
    if elsewhere := _elsewhere(request, session):
        return elsewhere
    form = ImportMappingForm(
        request.POST or None,
        headers=session.en_tetes,
        samples=session.echantillon,
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
    if elsewhere := _elsewhere(request, session):
        return elsewhere
    if request.method == "POST":
        _save_choices(session, request.POST)
        if "importer" in request.POST:
            return _import(request, session)
        if "aller_page" in request.POST:
            page = request.POST["aller_page"]
            return redirect(f"{request.path}?page={page if page.isdigit() and len(page) < 12 else 1}")
        session.verification = {}  # « revérifier » checks again, even if nothing changed
    large = session.nombre_lignes > travaux.LIGNES_EN_DIRECT
    if not large:
        checks.verify(session)  # quick enough to reflect every contact added meanwhile
    elif not checks.is_current(session):
        return _in_worker(request, session, travaux.verifier_import, "Vérification")
    page = Paginator(session.lignes_verifiees.all(), checks.PAR_PAGE).get_page(request.GET.get("page"))
    context = {
        "session": session,
        "compte": session.verification["compte"],
        "apercu": session.verification["apercu"],
        "page": page,
        "attention": [row.donnees for row in page],
        "verifie_le": datetime.fromisoformat(session.verification["le"]) if large else None,
    }
    return render(request, "contacts/import_verification.html", context)


def _import(request, session: ImportContacts):
    if session.nombre_lignes <= travaux.LIGNES_EN_DIRECT:
        counts = travaux.import_session_run(session, request.user)
        messages.success(
            request, f"Import terminé : {accord(counts[CREER], 'contact créé', 'contacts créés')}."
        )
        return redirect("contacts:import_rapport", pk=session.pk)
    return _in_worker(request, session, travaux.importer_contacts, "Import")


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
