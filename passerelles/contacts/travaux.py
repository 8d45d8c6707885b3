"""A contact import's long steps, in the request for a small file, in the worker for a large
one: reading the file, checking every row, importing. Every row is planned (matched,
validated) before one all-or-nothing write."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passerelles.core.francais import accord
from passerelles.core.models import Travail
from passerelles.core.travaux import on_worker_start, report_progress, travail_task

from .importation import verification
from .importation.execution import discard_pending, prepare_execution, release_published
from .importation.plan import CREER, homonym_key
from .importation.rapport import detail_lines
from .importation.televersement import read_session_file
from .models import Contact, Homonyme, ImportContacts, StatutImport

# Up to this many rows, the check and the import are done while the user waits; beyond, by
# the worker.
LIGNES_EN_DIRECT = 2000


def import_session_run(session: ImportContacts, auteur, progression=None, ecriture=None) -> dict:
    """A small file is written in one transaction. A large one, in the worker, writes its new
    contacts hidden in short transactions; the last one marks the session imported, which
    shows them all at once, so that nobody else waits for the whole file. A failed attempt's
    rows are deleted, and a new attempt (the worker died) starts over."""
    plan = verification.session_plan(session, progression)
    large = session.nombre_lignes > LIGNES_EN_DIRECT
    execution = prepare_execution(
        reseau=session.reseau,
        auteur=auteur,
        plan=plan,
        nom_fichier=session.nom_fichier,
        import_en_cours=session.pk if large else None,
    )
    if large:
        discard_pending(session.pk)
        try:
            execution.write_pending(ecriture)
            counts = _publish(session, plan, execution)
        except BaseException:
            discard_pending(session.pk)
            raise
    else:
        counts = _publish(session, plan, execution)
    tidy_imported(session)
    return counts


def _publish(session: ImportContacts, plan, execution) -> dict:
    # Everything that only reads or computes is done first: a transaction holds the write
    # lock from its start (transaction_mode IMMEDIATE).
    execution.note_conflicts()
    details = detail_lines(plan)
    refused = _refused_merges(plan)
    with transaction.atomic():
        counts = execution.apply()
        for contact_id, cle in refused:
            Homonyme.objects.get_or_create(reseau=session.reseau, contact_id=contact_id, cle=cle)
        execution.record(counts)
        session.statut, session.importe_le = StatutImport.IMPORTE, timezone.now()
        session.rapport = {"compte": counts, "details": details}
        session.save(update_fields=["statut", "importe_le", "rapport"])
    return counts


def tidy_imported(session: ImportContacts) -> None:
    """After the import, each in its own short transaction: the file's rows and the check
    (they quote people) are forgotten, the imported rows' marks cleared."""
    with transaction.atomic():
        session.lignes, session.echantillon = [], []
        session.save(update_fields=["lignes", "echantillon"])
    with transaction.atomic():
        session.forget_check()
    release_published(session.pk)


@on_worker_start
def finish_interrupted_imports() -> None:
    """The rows of large imports no job is writing: an imported session's are tidied (its
    worker died just after publishing), the others deleted (failed too many times)."""
    markers = set(
        Contact.avec_imports_en_cours.filter(import_en_cours__isnull=False)
        .values_list("import_en_cours", flat=True)
        .distinct()
    )
    unfinished = Travail.objects.filter(nature=importer_contacts.module_path, fini_le__isnull=True)
    alive = {travail.parametres.get("session_id") for travail in unfinished}
    imported = ImportContacts.objects.filter(pk__in=markers - alive, statut=StatutImport.IMPORTE)
    for session in imported:
        tidy_imported(session)
    for marker in markers - alive - {session.pk for session in imported}:
        discard_pending(marker)


def _refused_merges(plan) -> list[tuple[int, str]]:
    """A merge refused on the verification screen is remembered for the next imports."""
    return [
        (entry.homonyme_de, homonym_key(entry))
        for entry in plan
        if entry.homonyme_de and not entry.homonyme_connu
    ]


@travail_task
def lire_fichier(travail, *, session_id: int):
    session = ImportContacts.objects.for_reseau(travail.reseau).get(pk=session_id)
    if session.statut == StatutImport.A_LIRE:
        report_progress(travail, 0, etape="Lecture du fichier")
        read_session_file(session)
    return {
        "resume": f"Fichier lu : {accord(session.nombre_lignes, 'ligne', 'lignes')}.",
        "lien": reverse("contacts:import_colonnes", kwargs={"pk": session.pk}),
        "libelle_lien": "Choisir les colonnes",
    }


@travail_task
def verifier_import(travail, *, session_id: int):
    session = ImportContacts.objects.for_reseau(travail.reseau).get(pk=session_id)
    if session.statut == StatutImport.TELEVERSE and not verification.is_current(session):
        etape = "Vérification des lignes"
        verification.verify(
            session, progression=lambda fait, total: report_progress(travail, fait, total, etape=etape)
        )
    return {
        "resume": "Vérification terminée.",
        "lien": reverse("contacts:import_verification", kwargs={"pk": session.pk}),
        "libelle_lien": "Voir la vérification",
    }


@travail_task
def importer_contacts(travail, *, session_id: int):
    session = ImportContacts.objects.for_reseau(travail.reseau).get(pk=session_id)
    if session.statut != StatutImport.IMPORTE:
        counts = import_session_run(
            session,
            travail.cree_par,
            progression=lambda fait, total: report_progress(
                travail, fait, total, etape="Vérification des lignes"
            ),
            ecriture=lambda fait, total: report_progress(travail, fait, total, etape="Écriture des contacts"),
        )
    else:
        tidy_imported(session)  # its worker may have died just after publishing
        counts = session.rapport["compte"]
    return {
        "resume": f"Import terminé : {accord(counts[CREER], 'contact créé', 'contacts créés')}.",
        "lien": reverse("contacts:import_rapport", kwargs={"pk": session.pk}),
        "libelle_lien": "Voir le rapport d'import",
    }
