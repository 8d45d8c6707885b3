"""An uploaded file becomes an import session: read at once when small, by the worker when
large (an XLSX of 200,000 rows takes longer than a web request may)."""

from django.conf import settings

from passerelles.core.fichiers import FichierInvalide, discard_upload, keep_upload, read_upload

from ..models import ImportContacts, StatutImport
from .colonnes import guess_mapping
from .lecture import read_table

# Up to this size (bytes), the file is read while the user waits.
LECTURE_EN_DIRECT = 512 * 1024
ECHANTILLON = 3


def new_session(*, reseau, auteur, nom_fichier: str, data: bytes) -> ImportContacts:
    """Raises FichierInvalide (in French) for a small unreadable file; a large one is kept
    as is until `read_session_file` reads it in the worker."""
    session = ImportContacts(reseau=reseau, auteur=auteur, nom_fichier=nom_fichier[:255])
    if len(data) > LECTURE_EN_DIRECT:
        session.fichier, session.statut = keep_upload(data), StatutImport.A_LIRE
    else:
        _fill(session, data)
    session.save()
    return session


def read_session_file(session: ImportContacts) -> None:
    """Raises FichierInvalide, after which the session is deleted with its file."""
    path = session.fichier
    try:
        _fill(session, read_upload(path))
    except FichierInvalide:
        session.delete()
        discard_upload(path)
        raise
    session.fichier, session.statut = "", StatutImport.TELEVERSE
    session.save()
    discard_upload(path)


def _fill(session: ImportContacts, data: bytes) -> None:
    table = read_table(data, taille_max=settings.IMPORT_TAILLE_MAX)
    session.en_tetes, session.lignes = table.en_tetes, table.lignes
    session.nombre_lignes, session.echantillon = len(table.lignes), table.lignes[:ECHANTILLON]
    session.correspondance = {str(index): field for index, field in guess_mapping(table.en_tetes).items()}
