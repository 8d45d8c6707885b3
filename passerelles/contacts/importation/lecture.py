"""Reading an uploaded spreadsheet (CSV in any common encoding and delimiter, or XLSX) into
a header and rows of text, or refusing it with a French message."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from passerelles.core.fichiers import FichierInvalide, check_size, decode_text

BINARY = "Ce fichier est binaire, pas un tableau : importez un fichier .csv ou .xlsx."
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_LOOKS_LIKE_DATA = re.compile(r"@|^[\d\s+().-]{6,}$")


@dataclass
class Tableau:
    en_tetes: list[str]
    lignes: list[list[str]]  # every row padded to the header's width


def read_table(data: bytes, *, taille_max: int) -> Tableau:
    check_size(len(data), taille_max)
    if not data.strip():
        raise FichierInvalide("Le fichier est vide.")
    if data.startswith(XLS_MAGIC):
        raise FichierInvalide(
            "Ancien format Excel (.xls) non pris en charge : enregistrez le fichier en .xlsx ou en .csv."
        )
    rows = (
        _xlsx_rows(data)
        if data.startswith(XLSX_MAGIC)
        else _csv_rows(decode_text(data, binary_message=BINARY))
    )
    return _table(rows)


def _csv_rows(text: str) -> list[list[str]]:
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample.splitlines() else ""
        delimiter = max(";,\t|", key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FichierInvalide(f"Le fichier CSV est mal formé : {exc}.") from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FichierInvalide("Ce fichier .xlsx est illisible ou endommagé.") from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def _table(rows: list[list[str]]) -> Tableau:
    rows = [[cell.strip() for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise FichierInvalide("Le fichier ne contient aucune ligne.")
    header, data = rows[0], rows[1:]
    if not any(header) or any(_LOOKS_LIKE_DATA.search(cell) for cell in header):
        raise FichierInvalide(
            "La première ligne doit nommer les colonnes (Nom, Prénom, Courriel, Collectivité…) : "
            "elle ressemble ici à des données."
        )
    if not data:
        raise FichierInvalide("Le fichier ne contient que la ligne d'en-têtes, aucune donnée.")
    width = len(header)
    header = [cell or f"Colonne {position}" for position, cell in enumerate(header, start=1)]
    return Tableau(en_tetes=header, lignes=[(row + [""] * width)[:width] for row in data])
