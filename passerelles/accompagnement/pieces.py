"""A dossier's documents: what may be joined (size, kind, checked on the content, not only
on the name), storing and deleting through the storage API, and the checklist of the
documents the instrument usually asks for against those joined."""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename

from passerelles.core.journal import journal_record, user_or_none

from .models import PieceDossier

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo: a scanned deliberation, a budget, a signed convention
PIECES_MAX = 100  # per dossier

# Each accepted extension and the first bytes its content must start with.
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"  # the old Office formats
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
FORMATS = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG ou JPEG"


def piece_check(upload) -> str:
    """The stored name of an acceptable upload, or a French message saying why not."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if upload.size == 0:
        raise ValidationError(f"Le fichier « {name} » est vide.")
    if upload.size > TAILLE_MAX:
        taille = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            f"Le fichier « {name} » dépasse 10 Mo ({taille} Mo) : "
            "réduisez-le (PDF compressé, image moins lourde) ou découpez-le."
        )
    if extension not in SIGNATURES:
        raise ValidationError(f"Le format de « {name} » n'est pas accepté. Formats possibles : {FORMATS}.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            f"Le contenu de « {name} » ne correspond pas à un fichier {extension[1:].upper()} : "
            "le fichier est peut-être abîmé ou mal nommé."
        )
    return get_valid_filename(name)[:150] or f"piece{extension}"


@transaction.atomic
def piece_add(*, dossier, upload, piece: str, auteur) -> PieceDossier:
    if dossier.pieces.count() >= PIECES_MAX:
        raise ValidationError(f"Un dossier garde au plus {PIECES_MAX} pièces : supprimez-en d'abord.")
    nom = piece_check(upload)
    document = PieceDossier(
        reseau=dossier.reseau,
        dossier=dossier,
        nom=nom,
        piece=piece[:200],
        taille=upload.size,
        ajoute_par=user_or_none(auteur),
    )
    document.fichier.save(nom, upload, save=False)
    document.save()
    journal_record(
        reseau=dossier.reseau,
        auteur=auteur,
        action="dossier_piece",
        objet=dossier,
        libelle=f"{dossier} : pièce ajoutée, {nom}",
    )
    return document


@transaction.atomic
def piece_delete(*, document: PieceDossier, auteur) -> None:
    dossier, nom = document.dossier, document.nom
    stored = document.fichier.name
    document.delete()
    # The file goes once the row is gone for good: a rolled-back delete keeps both.
    transaction.on_commit(lambda: document.fichier.storage.delete(stored))
    journal_record(
        reseau=dossier.reseau,
        auteur=auteur,
        action="dossier_piece",
        objet=dossier,
        libelle=f"{dossier} : pièce supprimée, {nom}",
    )


@dataclass(frozen=True)
class LignePieces:
    piece: str
    documents: list

    @property
    def fournie(self) -> bool:
        return bool(self.documents)


def checklist(dossier, documents) -> tuple[list[LignePieces], list]:
    """Each document the instrument usually asks for, with those joined as it; and the
    other documents joined."""
    asked = list(dossier.instrument.pieces or [])
    lignes = [LignePieces(piece, [d for d in documents if d.piece == piece]) for piece in asked]
    autres = [d for d in documents if d.piece not in asked]
    return lignes, autres
