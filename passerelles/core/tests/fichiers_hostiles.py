"""Hostile files built on the spot: small on disk, enormous once read naively."""

import io
import zipfile
import zlib

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="B1" t="inlineStr"><is><t>Courriel</t></is></c></row>'


def xlsx(sheet_parts, shared_parts=("<sst/>",)) -> bytes:
    """An XLSX whose sheet and shared strings are written from iterables of text chunks, so
    that a gigabyte of XML is compressed without ever being held in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, parts in (
            ("xl/worksheets/sheet1.xml", sheet_parts),
            ("xl/sharedStrings.xml", shared_parts),
        ):
            with archive.open(name, "w", force_zip64=True) as member:
                for part in parts:
                    member.write(part.encode())
    return buffer.getvalue()


def _repeated(chunk: str, total_bytes: int):
    block = chunk * max(1, (1024 * 1024) // len(chunk))
    for _ in range(total_bytes // len(block) + 1):
        yield block


def dimension_bomb() -> bytes:
    """A header, then one cell in the sheet's last cell, and a dimension claiming all of it."""
    return xlsx(
        [
            SHEET_OPEN,
            '<dimension ref="A1:XFD1048576"/><sheetData>',
            HEADER_ROW,
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
            "</sheetData></worksheet>",
        ]
    )


def rows_bomb(total_bytes: int) -> bytes:
    return xlsx(
        [
            SHEET_OPEN,
            "<sheetData>",
            HEADER_ROW,
            *_repeated('<row><c t="inlineStr"><is><t>Dupont</t></is></c></row>', total_bytes),
            "</sheetData></worksheet>",
        ]
    )


def shared_strings_bomb(total_bytes: int) -> bytes:
    return xlsx(
        [SHEET_OPEN, "<sheetData>", HEADER_ROW, "</sheetData></worksheet>"],
        ["<sst>", *_repeated("<si><t>Dupont</t></si>", total_bytes), "</sst>"],
    )


def huge_cell(total_bytes: int) -> bytes:
    return xlsx(
        [
            SHEET_OPEN,
            "<sheetData>",
            HEADER_ROW,
            '<row r="2"><c r="A2" t="inlineStr"><is><t>',
            *_repeated("a", total_bytes),
            "</t></is></c></row></sheetData></worksheet>",
        ]
    )


def pdf_bomb(inflated_bytes: int, pages: int = 1, operators: bytes = b"0 0 m ", in_xobject=False) -> bytes:
    """A PDF whose pages share one content stream inflating to `inflated_bytes` of operators
    (or, `in_xobject`, a drawing that the page's tiny content only names)."""
    compressor = zlib.compressobj(9)
    chunk = operators * (1024 * 1024 // len(operators))
    stream = (
        b"".join(compressor.compress(chunk) for _ in range(inflated_bytes // len(chunk))) + compressor.flush()
    )
    kids = b" ".join(b"%d 0 R" % (6 + n) for n in range(pages))
    resources = b"/Font << /F1 4 0 R >> /XObject << /X1 5 0 R >>"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << %s >> >>"
        % resources
    )
    flate = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
    drawing = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d /Filter /FlateDecode >>\nstream\n"
    )
    small = b"q /X1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d >>\nstream\n" % len(small) + small + b"\nendstream" if in_xobject else flate,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        (drawing % len(stream) + stream + b"\nendstream")
        if in_xobject
        else b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 >>\nstream\n\nendstream",
        *[page] * pages,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
