"""The text of an uploaded fiche: plain text in any common encoding, or a PDF's text layer."""

from passerelles.core.fichiers import FichierInvalide, decode_text

from .texte_pdf import pdf_text

PDF_MAGIC = b"%PDF"


def fiche_text(data: bytes) -> str:
    if not data.strip():
        raise FichierInvalide("Le fichier est vide.")
    if data.startswith(PDF_MAGIC):
        return _pdf_text(data)
    return decode_text(
        data, binary_message="Ce fichier n'est ni un texte ni un PDF : importez un .txt ou un .pdf."
    )


def _pdf_text(data: bytes) -> str:
    text = pdf_text(data)
    if not text.strip():
        raise FichierInvalide(
            "Ce PDF n'a pas de couche texte (document scanné) : passez-le d'abord par un OCR."
        )
    return text
