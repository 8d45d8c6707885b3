"""Spreadsheet exports (CSV and XLSX) that cannot carry a formula into someone's Excel.

A cell that starts like a formula ("=", "@", or "+"/"-" followed by something that is not
a number or a phone number) is prefixed with an apostrophe, which spreadsheets show as text.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

_PHONE_OR_NUMBER = re.compile(r"^[+-][\d\s().,]*$")


def safe_cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (text[:1] in "+-" and text and not _PHONE_OR_NUMBER.match(text)):
        return "'" + text
    return text


def csv_bytes(headers: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    # A byte-order mark lets Excel open the file as UTF-8; ";" is the French Excel separator.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def spreadsheet_bytes(headers: list[str], rows, fmt: str) -> bytes:
    return xlsx_bytes(headers, rows) if fmt == "xlsx" else csv_bytes(headers, rows)


def xlsx_bytes(headers: list[str], rows, title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(*what: str) -> str:
    """What a file holds and when it was made: « segment-communes-rurales-cher-2026-11-28 »."""
    words = "-".join(slugify(part) for part in what if part)
    return f"{words}-{timezone.localdate().isoformat()}"


def spreadsheet_response(headers, rows, filename: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(xlsx_bytes(headers, rows), content_type=content_type)
    else:
        response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
