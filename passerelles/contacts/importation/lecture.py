"""Reading an uploaded spreadsheet (CSV in any common encoding and delimiter, or XLSX) into
a header and rows of text, or refusing it with a French message.

Whatever the file declares, reading is bounded: zip members by their uncompressed size, the
sheet streamed row by row and cut at the header's width, rows and cells by `Bornes`."""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from passerelles.core.fichiers import (
    BORNES,
    Bornes,
    FichierInvalide,
    check_cell,
    check_size,
    check_zip_members,
    decode_text,
    nombre,
)

BINARY = "Ce fichier est binaire, pas un tableau : importez un fichier .csv ou .xlsx."
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_LOOKS_LIKE_DATA = re.compile(r"@|^[\d\s+().-]{6,}$")
_UNREADABLE_XLSX = "Ce fichier .xlsx est illisible ou endommagé."
_BROKEN_XML = (
    "Une feuille de ce classeur est mal formée (son XML est tronqué ou invalide) : ouvrez le "
    "fichier dans votre tableur et enregistrez-le de nouveau en .xlsx."
)
_HOSTILE_XML = (
    "Une feuille de ce classeur contient des déclarations XML refusées (DTD, entités), qu'un "
    "tableur n'écrit jamais : enregistrez-le de nouveau depuis votre tableur."
)


@dataclass
class Tableau:
    en_tetes: list[str]
    lignes: list[list[str]]  # every row padded to the header's width


def read_table(data: bytes, *, taille_max: int, bornes: Bornes = BORNES) -> Tableau:
    check_size(len(data), taille_max)
    if not data.strip():
        raise FichierInvalide("Le fichier est vide.")
    if data.startswith(XLS_MAGIC):
        raise FichierInvalide(
            "Ancien format Excel (.xls) non pris en charge : enregistrez le fichier en .xlsx ou en .csv."
        )
    if data.startswith(XLSX_MAGIC):
        return _xlsx_table(data, bornes)
    return _table(_csv_rows(decode_text(data, binary_message=BINARY)), bornes)


def _csv_rows(text: str) -> Iterator[list[str]]:
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample.splitlines() else ""
        delimiter = max(";,\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        # The csv module's messages are English; the usual one is an over-long field.
        if "field larger than field limit" in str(exc):
            raise FichierInvalide(
                f"Ligne {reader.line_num} : une cellule dépasse "
                f"{nombre(csv.field_size_limit())} caractères : ce fichier n'est pas un tableau ordinaire."
            ) from exc
        raise FichierInvalide(
            f"Le fichier CSV est mal formé à la ligne {reader.line_num} (guillemet non fermé ou "
            "caractère nul) : ouvrez-le dans un tableur et enregistrez-le de nouveau en .csv."
        ) from exc


def _xlsx_table(data: bytes, bornes: Bornes) -> Tableau:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_members(archive, bornes)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
        raise FichierInvalide(_xlsx_problem(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        # The declared <dimension> is not trusted: a sheet claiming A1:XFD1048576 would
        # otherwise pad every row to 16,384 columns.
        sheet.reset_dimensions()
        return _table(_xlsx_values(_rows_as_wide_as_the_header(sheet, bornes)), bornes)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as exc:
        raise FichierInvalide(_xlsx_problem(exc)) from exc
    finally:
        workbook.close()


def _rows_as_wide_as_the_header(sheet, bornes: Bornes) -> Iterator[tuple]:
    """Nor is a row's last cell trusted: one at column XFD on every row would make each row
    16,384 values wide. Rows are read one column past the bound until the header (so that a
    header too wide is still refused, never cut), then exactly as wide as the header."""
    header_row, width = 0, 0
    for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=bornes.colonnes + 1), start=1):
        yield row
        filled = [position for position, value in enumerate(row, start=1) if value not in (None, "")]
        if filled:
            header_row, width = number, filled[-1]
            break
    if width:
        yield from sheet.iter_rows(values_only=True, min_row=header_row + 1, max_col=width)


def _xlsx_problem(exc: BaseException) -> str:
    """What is wrong with the file, from the error or the ones it wraps (openpyxl turns a
    parser's error into a ValueError): hostile XML, broken XML, or something else."""
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return _HOSTILE_XML
        if isinstance(exc, SyntaxError):  # ElementTree's and lxml's parse errors
            return _BROKEN_XML
        exc = exc.__cause__ or exc.__context__
    return _UNREADABLE_XLSX


def _xlsx_values(rows: Iterable[tuple]) -> Iterator[list[str]]:
    for row in rows:
        yield ["" if value is None else str(value) for value in row]


def _table(rows: Iterable[list[str]], bornes: Bornes) -> Tableau:
    """Streams the rows: the header fixes the width, every later row is cut to it, and
    reading stops as soon as a bound is passed."""
    header, data, width = None, [], 0
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in (row if header is None else row[:width])]
        for cell in cells:
            check_cell(cell, number, bornes)
        if not any(cells):
            continue
        if header is None:
            header = _header(cells, bornes)
            width = len(header)
            continue
        if len(data) == bornes.lignes:
            raise FichierInvalide(
                f"Le fichier dépasse {nombre(bornes.lignes)} lignes : découpez-le en plusieurs fichiers."
            )
        data.append(cells + [""] * (width - len(cells)))
    if header is None:
        raise FichierInvalide("Le fichier ne contient aucune ligne.")
    if not data:
        raise FichierInvalide("Le fichier ne contient que la ligne d'en-têtes, aucune donnée.")
    return Tableau(en_tetes=header, lignes=data)


def _header(cells: list[str], bornes: Bornes) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    if len(cells) > bornes.colonnes:
        raise FichierInvalide(
            f"La ligne d'en-têtes dépasse {bornes.colonnes} colonnes : gardez seulement les colonnes utiles."
        )
    if any(_LOOKS_LIKE_DATA.search(cell) for cell in cells):
        raise FichierInvalide(
            "La première ligne doit nommer les colonnes (Nom, Prénom, Courriel, Collectivité…) : "
            "elle ressemble ici à des données."
        )
    return [cell or f"Colonne {position}" for position, cell in enumerate(cells, start=1)]
