"""The text of an uploaded fiche: plain text in any common encoding, or a PDF's text layer."""

from passerelles.core.fichiers import FichierInvalide, decode_text, nombre

from .texte_pdf import pdf_text

PDF_MAGIC = b"%PDF"
# A fiche is a few pages (the seed's has 9,000 characters). Splitting grows faster than the
# text: 450,000 characters take a second and a half, 1.8 million twenty: past this bound the
# import would outlive the web request, and no review screen could show it.
FICHE_CARACTERES_MAX = 300_000


def fiche_text(data: bytes) -> str:
    if not data.strip():
        raise FichierInvalide("Le fichier est vide.")
    if data.startswith(PDF_MAGIC):
        return check_fiche_length(_pdf_text(data))
    text = decode_text(
        data, binary_message="Ce fichier n'est ni un texte ni un PDF : importez un .txt ou un .pdf."
    )
    return check_fiche_length(text)


def check_fiche_length(text: str) -> str:
    if len(text) > FICHE_CARACTERES_MAX:
        raise FichierInvalide(
            f"Ce texte compte {nombre(len(text))} caractères, bien plus qu'une fiche (celle de Bourges "
            f"en compte {nombre(9000)}) : importez la fiche seule, {nombre(FICHE_CARACTERES_MAX)} "
            "caractères au plus."
        )
    return text


def _pdf_text(data: bytes) -> str:
    text = pdf_text(data)
    if not text.strip():
        raise FichierInvalide(
            "Ce PDF n'a pas de couche texte (document scanné) : passez-le d'abord par un OCR."
        )
    return text
