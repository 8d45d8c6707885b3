"""Background jobs of the pipeline: importing engagement facts from a spreadsheet."""

from django.conf import settings

from passerelles.contacts.importation.lecture import read_table
from passerelles.core.fichiers import FichierInvalide, discard_upload, read_upload
from passerelles.core.travaux import report_progress, travail_task

from .faits_import import faits_import


@travail_task
def importer_faits(travail, *, chemin: str, type_fait: str, source: str, simulation: bool):
    try:
        report = _import_file(travail, chemin, type_fait, source, simulation)
    finally:
        discard_upload(chemin)  # a killed worker never gets here: its successor reads the file again
    return {
        "resume": ("Simulation : " if simulation else "") + report.resume(simulation),
        "details": report.ignorees[:200],
    }


def _import_file(travail, chemin: str, type_fait: str, source: str, simulation: bool):
    table = read_table(read_upload(chemin), taille_max=settings.IMPORT_TAILLE_MAX)
    etape = "Vérification des lignes"
    report_progress(travail, 0, len(table.lignes), etape=etape)
    try:
        return faits_import(
            reseau=travail.reseau,
            auteur=travail.cree_par,
            table=table,
            type_fait=type_fait,
            source=source,
            dry_run=simulation,
            progression=lambda fait, total: report_progress(travail, fait, total, etape=etape),
        )
    except ValueError as exc:
        raise FichierInvalide(f"Import refusé, rien n'a été enregistré : {exc}.") from exc
