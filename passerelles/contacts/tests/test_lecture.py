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
