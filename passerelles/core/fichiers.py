"""Uploaded files: one error type with a French message, and the bounds every reader applies
whatever the file claims about itself (sizes, dimensions, cell lengths)."""

import contextlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


class FichierInvalide(Exception):
    """The file cannot be imported; the message says why, in French."""

    @property
    def message_fr(self) -> str:  # shown as is on a background job's page
        return str(self)


@dataclass(frozen=True)
class Bornes:
    """What a reader accepts. An XLSX is a zip whose members may inflate a thousandfold, so
    each member's uncompressed size is checked before a byte of it is inflated."""

    lignes: int = 250_000
    colonnes: int = 200
    cellule: int = 10_000  # characters
    membre_feuille: int = 192 * 1024 * 1024  # a 250,000-row sheet is about 100 MB of XML
    membre_chaines: int = 64 * 1024 * 1024  # sharedStrings.xml is held in memory
    membre_autre: int = 8 * 1024 * 1024  # styles, workbook, relations
    total_zip: int = 256 * 1024 * 1024
    membres: int = 500


BORNES = Bornes()


def check_size(size: int, taille_max: int) -> None:
    if size > taille_max:
        raise FichierInvalide(
            f"Fichier trop volumineux ({_megabytes(size)}) : la limite est de {_megabytes(taille_max)}."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def check_zip_members(archive: zipfile.ZipFile, bornes: Bornes = BORNES) -> None:
    """Refuses a zip bomb from its directory. Python's zipfile never inflates a member past
    its declared size (and checks the CRC at the end), so the declared sizes are a real bound."""
    members = archive.infolist()
    if len(members) > bornes.membres:
        raise FichierInvalide(
            f"Ce fichier contient {len(members)} éléments : ce n'est pas un tableur ordinaire."
        )
    total = 0
    for member in members:
        total += member.file_size
        limit = _member_limit(member.filename, bornes)
        if member.file_size > limit or total > bornes.total_zip:
            raise FichierInvalide(
                f"Ce fichier se décompresse en plus de {_megabytes(min(limit, bornes.total_zip))} : "
                "il est refusé (fichier piégé ou bien trop grand). Découpez-le ou enregistrez-le en .csv."
            )


def _member_limit(name: str, bornes: Bornes) -> int:
    if name.startswith("xl/worksheets/"):
        return bornes.membre_feuille
    if name == "xl/sharedStrings.xml":
        return bornes.membre_chaines
    return bornes.membre_autre


def check_cell(text: str, ligne: int, bornes: Bornes = BORNES) -> None:
    if len(text) > bornes.cellule:
        raise FichierInvalide(
            f"Ligne {ligne} : une cellule contient {nombre(len(text))} caractères, la limite est de "
            f"{nombre(bornes.cellule)} : ce fichier n'est pas un tableau ordinaire."
        )


def nombre(value: int) -> str:
    """12345 → « 12 345 », with the narrow no-break space of French typography."""
    return f"{value:,}".replace(",", "\u202f")


def decode_text(data: bytes, *, binary_message: str) -> str:
    """Text in any common encoding (UTF-8 or UTF-16 with or without their marks, Windows-1252,
    Latin-1); bytes that are not text are refused with `binary_message`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data, "utf-8-sig")
    elif b"\x00" in data:
        text = _strict(data, _utf16_without_mark(data) or "", binary_message)
    else:
        text = _first_decoding(data)
    if not _looks_like_text(text):
        raise FichierInvalide(binary_message)
    return text


def _utf16_without_mark(data: bytes) -> str | None:
    """Excel and some Windows tools write UTF-16 without a byte-order mark: in mostly-Latin
    text one byte of each pair is zero, always at the same parity."""
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    odd_zeros = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    even_zeros = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if odd_zeros > 0.6 * pairs and even_zeros < 0.05 * pairs:
        return "utf-16-le"
    if even_zeros > 0.6 * pairs and odd_zeros < 0.05 * pairs:
        return "utf-16-be"
    return None


def _first_decoding(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _looks_like_text(text: str) -> bool:
    """French text and spreadsheets are mostly printable ASCII; random or binary bytes
    decoded as Latin-1 are not (control characters, C1 codes, symbols)."""
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for char in sample if _is_control(char))
    if controls > 10:
        return False
    plain = sum(1 for char in sample if " " <= char <= "~" or char in "\r\n\t\f")
    return plain >= 0.7 * len(sample)


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 32 and char not in "\r\n\t\f") or 0x7F <= code < 0xA0


def _strict(data: bytes, encoding: str, binary_message: str = "") -> str:
    if not encoding:
        raise FichierInvalide(binary_message)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FichierInvalide(
            binary_message or f"Encodage illisible ({encoding}) : enregistrez le fichier en UTF-8."
        ) from exc


def precheck(data: bytes, taille_max: int) -> None:
    """What can be refused at once, in the request, before a background job reads the file:
    its size, an old Excel file, and an XLSX whose directory announces a zip bomb."""
    check_size(len(data), taille_max)
    if not data.strip():
        raise FichierInvalide("Le fichier est vide.")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip_members(archive)
        except zipfile.BadZipFile as exc:
            raise FichierInvalide("Ce fichier .xlsx est illisible ou endommagé.") from exc


UPLOADS = "televersements"


def keep_upload(data: bytes) -> str:
    """Keeps an uploaded file for the worker, which discards it once done with it. The file goes
    to the default storage, shared by every machine (local folder or S3-compatible bucket)."""
    return default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}", ContentFile(data))


def read_upload(name: str) -> bytes:
    """The kept file's bytes. It stays until `discard_upload`, so that a job whose worker
    was killed reads it again when taken up."""
    try:
        with default_storage.open(name, "rb") as kept:
            return kept.read()
    except (FileNotFoundError, SuspiciousFileOperation) as exc:  # a path from before the storage API
        raise FichierInvalide(
            "Le fichier téléversé n'est plus disponible : téléversez-le de nouveau."
        ) from exc


def discard_upload(name: str) -> None:
    with contextlib.suppress(SuspiciousFileOperation):
        default_storage.delete(name)


def old_uploads(cutoff: datetime) -> list[str]:
    """Kept files older than `cutoff`, which no job will take any more."""
    return stored_before(UPLOADS, cutoff)


def stored_names(folder: str) -> list[str]:
    """The names of the files stored in `folder` (none when it does not exist yet)."""
    try:
        return [f"{folder}/{name}" for name in default_storage.listdir(folder)[1]]
    except FileNotFoundError:
        return []


def stored_before(folder: str, cutoff: datetime) -> list[str]:
    return [name for name in stored_names(folder) if default_storage.get_modified_time(name) < cutoff]
