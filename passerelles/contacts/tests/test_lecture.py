import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from passerelles.contacts.importation.lecture import read_table
from passerelles.core.fichiers import FichierInvalide

LIMIT = 10 * 1024 * 1024


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_windows_1252_csv_with_semicolons_keeps_its_accents():
    table = read_table("Nom;Collectivité\nLéa;Nérondes\n".encode("cp1252"), taille_max=LIMIT)
    assert table.en_tetes == ["Nom", "Collectivité"]
    assert table.lignes == [["Léa", "Nérondes"]]


def test_a_utf8_csv_with_bom_and_commas():
    table = read_table("\ufeffNom,Courriel\nDupont,d@x.fr\n".encode(), taille_max=LIMIT)
    assert table.en_tetes == ["Nom", "Courriel"]


def test_a_utf16_tab_separated_export_from_excel():
    table = read_table("Nom\tPrénom\nÉric\tZoé\n".encode("utf-16"), taille_max=LIMIT)
    assert table.lignes == [["Éric", "Zoé"]]


def test_an_xlsx_file_is_read_from_its_first_sheet():
    table = read_table(xlsx([["Nom", "Population"], ["Blet", 566]]), taille_max=LIMIT)
    assert table.lignes == [["Blet", "566"]]


def test_short_rows_are_padded_and_blank_rows_dropped():
    table = read_table(b"Nom;Email;Notes\nA;a@x.fr\n;;\nB\n", taille_max=LIMIT)
    assert table.lignes == [["A", "a@x.fr", ""], ["B", "", ""]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"   \n\n", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binaire"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Ancien format Excel"),
        (b"PK\x03\x04 not really a zip", ".xlsx est illisible"),
        (
            b"Dupont;Jean;jean@example.org\nMartin;Paul;paul@example.org\n",
            "La première ligne doit nommer les colonnes",
        ),
        (b"Nom;Email\n", "aucune donnée"),
    ],
    ids=["empty", "blank", "binary", "xls", "broken xlsx", "no header", "header only"],
)
def test_bad_files_get_a_french_message(content, message):
    with pytest.raises(FichierInvalide, match=message):
        read_table(content, taille_max=LIMIT)


def test_a_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(
        FichierInvalide, match=r"Fichier trop volumineux \(100,0 Mo\) : la limite est de 10,0 Mo"
    ):
        read_table(b"x" * (100 * 1024 * 1024), taille_max=LIMIT)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_read_or_refused_never_crash(content):
    try:
        table = read_table(content, taille_max=LIMIT)
    except FichierInvalide as refusal:
        assert str(refusal)
    else:
        assert all(len(row) == len(table.en_tetes) for row in table.lignes)


def _xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced."""
    import io
    import zipfile

    from openpyxl import Workbook

    source = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Nom", "Courriel"])
    workbook.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else original.read(item)
            copy.writestr(item, data)
    return out.getvalue()


BROKEN_SHEETS = {
    "mal formée": b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c>',
    "entités": b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
    "entité externe": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>',
}


@pytest.mark.parametrize("kind", BROKEN_SHEETS)
def test_a_workbook_whose_sheet_xml_is_broken_or_hostile_gets_a_french_message(kind):
    with pytest.raises(FichierInvalide) as refused:
        read_table(_xlsx_with_sheet(BROKEN_SHEETS[kind]), taille_max=10_000_000)
    assert "feuille" in str(refused.value) and "root:" not in str(refused.value)


def test_a_cell_far_to_the_right_on_every_row_does_not_widen_what_is_read(monkeypatch):
    """An empty cell at column XFD on each of 46,000 rows made openpyxl build 16,384 values a
    row (22 s in the request); rows are read no wider than the columns a table may have."""
    import zipfile

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"Nom" if n == 1 else f"p{n}"}</t></is></c>'
        f'<c r="XFD{n}" t="inlineStr"><is><t></t></is></c></row>'
        for n in range(1, 46_001)
    )
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()
    data = _xlsx_with_sheet(sheet)
    assert len(data) < 512 * 1024  # small enough to be read in the request
    widths = []
    original = ReadOnlyWorksheet._get_row

    def spy(self, row, min_col=1, max_col=None, values_only=False):
        values = original(self, row, min_col, max_col, values_only)
        widths.append(len(values))
        return values

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", spy)
    table = read_table(data, taille_max=10_000_000)
    assert len(table.lignes) == 45_999 and max(widths) <= 201
    assert zipfile.is_zipfile(io.BytesIO(data))
