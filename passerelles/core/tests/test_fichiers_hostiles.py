"""Hostile files are refused within seconds, under a memory cap, with a French message, and
nothing is written. Each reader runs in a child process whose address space is capped, so a
regression fails here (MemoryError, timeout) instead of swapping the machine."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from passerelles.capitalisation.importation.texte_pdf import pdf_text
from passerelles.capitalisation.models import Fiche
from passerelles.contacts.importation.lecture import read_table
from passerelles.contacts.models import ImportContacts
from passerelles.core.fichiers import Bornes, FichierInvalide, decode_text
from passerelles.mobilisation.models import FaitEngagement

from . import fichiers_hostiles as hostile

MEMORY_CAP = 1536 * 1024 * 1024
SECONDS = 15
GIGABYTE = 1024 * 1024 * 1024

READER = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from passerelles.core.fichiers import FichierInvalide
from {module} import {function} as read
data = open(sys.argv[1], "rb").read()
start = time.monotonic()
try:
    read(data{extra})
    outcome = {{"accepte": True}}
except FichierInvalide as exc:
    outcome = {{"refus": str(exc)}}
outcome["secondes"] = time.monotonic() - start
print(json.dumps(outcome))
"""


def read_under_cap(tmp_path, data: bytes, *, module: str, function: str, extra: str = "") -> dict:
    path = tmp_path / "fichier"
    path.write_bytes(data)
    script = READER.format(cap=MEMORY_CAP, module=module, function=function, extra=extra)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, timeout=SECONDS * 3, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    outcome["total"] = time.monotonic() - started
    return outcome


def read_spreadsheet(tmp_path, data: bytes) -> dict:
    return read_under_cap(
        tmp_path,
        data,
        module="passerelles.contacts.importation.lecture",
        function="read_table",
        extra=", taille_max=10 * 1024 * 1024",
    )


@pytest.fixture(scope="module")
def bombs():
    return {
        "lignes": hostile.rows_bomb(int(1.1 * GIGABYTE)),
        "chaines": hostile.shared_strings_bomb(int(1.1 * GIGABYTE)),
        "cellule": hostile.huge_cell(int(1.1 * GIGABYTE)),
    }


def test_a_sheet_declaring_every_cell_of_excel_is_read_as_what_it_holds(tmp_path):
    data = hostile.dimension_bomb()
    assert len(data) < 2500
    outcome = read_spreadsheet(tmp_path, data)
    assert outcome["refus"] == "Le fichier ne contient que la ligne d'en-têtes, aucune donnée."
    assert outcome["secondes"] < 5


@pytest.mark.parametrize(
    ("bomb", "small"),
    [("lignes", 4 * 1024 * 1024), ("chaines", 4 * 1024 * 1024), ("cellule", 2 * 1024 * 1024)],
)
def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(tmp_path, bombs, bomb, small):
    assert len(bombs[bomb]) < small
    outcome = read_spreadsheet(tmp_path, bombs[bomb])
    assert outcome["refus"].startswith("Ce fichier se décompresse en plus de")
    assert "fichier piégé" in outcome["refus"]
    assert outcome["secondes"] < 2


def test_a_cell_longer_than_the_bound_is_refused_with_its_line():
    data = hostile.huge_cell(1024 * 1024)
    with pytest.raises(
        FichierInvalide,
        match=r"^Ligne 2 : une cellule contient \d\u202f\d{3}\u202f\d{3} caractères, la limite est de 10\u202f000",
    ):
        read_table(data, taille_max=10**7)


def test_rows_past_the_bound_stop_the_reading():
    text = "Nom;Courriel\n" + "Dupont;d@example.org\n" * 11
    with pytest.raises(FichierInvalide, match="Le fichier dépasse 10 lignes"):
        read_table(text.encode(), taille_max=10**7, bornes=Bornes(lignes=10))


def test_a_header_of_thousands_of_columns_is_refused():
    text = ";".join(f"Colonne {n}" for n in range(5000)) + "\n" + "x;" * 5000 + "\n"
    with pytest.raises(FichierInvalide, match="La ligne d'en-têtes dépasse 200 colonnes"):
        read_table(text.encode(), taille_max=10**7)


def test_a_workbook_header_wider_than_the_bound_is_refused_not_cut():
    import io

    from openpyxl import Workbook

    workbook, out = Workbook(), io.BytesIO()
    workbook.active.append([f"Colonne {n}" for n in range(250)])
    workbook.active.append(["x"] * 250)
    workbook.save(out)
    with pytest.raises(FichierInvalide, match="La ligne d'en-têtes dépasse 200 colonnes"):
        read_table(out.getvalue(), taille_max=10**7)


def test_a_megabyte_csv_cell_is_reported_in_french():
    text = "Nom;Notes\nDupont;" + "a" * (1024 * 1024) + "\n"
    with pytest.raises(FichierInvalide) as refusal:
        read_table(text.encode(), taille_max=10**7)
    assert str(refusal.value).startswith("Ligne 2 : une cellule dépasse 131\u202f072 caractères")
    assert "field" not in str(refusal.value)


def test_utf16_without_byte_order_mark_is_read_as_text():
    for encoding in ("utf-16-le", "utf-16-be"):
        table = read_table("Nom;Prénom\nDurand;Éloïse\n".encode(encoding), taille_max=10**7)
        assert table.lignes == [["Durand", "Éloïse"]]


def test_random_bytes_are_not_text():
    rng = __import__("random").Random(12)
    high_bytes = bytes(rng.randrange(0xA0, 0x100) for _ in range(3000))
    for data in (os.urandom(5000), high_bytes):
        with pytest.raises(FichierInvalide, match="binaire"):
            decode_text(data, binary_message="binaire")


def test_a_pdf_decompression_bomb_is_refused_within_seconds(tmp_path):
    data = hostile.pdf_bomb(GIGABYTE)
    assert len(data) < 2 * 1024 * 1024
    outcome = read_under_cap(
        tmp_path, data, module="passerelles.capitalisation.importation.lecture", function="fiche_text"
    )
    assert outcome["refus"].startswith("Ce PDF contient un flux compressé qui se décompresse en un volume")
    assert outcome["secondes"] < SECONDS


def test_pdf_extraction_past_its_time_budget_is_stopped():
    """Text operators under pypdf's own inflation limit, on many pages: only the child's
    budget stops the work (unbounded, this file takes a quarter of an hour)."""
    data = hostile.pdf_bomb(8 * 1024 * 1024, pages=40, operators=b"BT /F1 12 Tf (a) Tj ET ")
    started = time.monotonic()
    with pytest.raises(FichierInvalide, match="La lecture de ce PDF a dépassé 3 secondes"):
        pdf_text(data, duree=3)
    assert time.monotonic() - started < 8


def test_a_bomb_hidden_in_a_drawing_of_an_empty_page_is_called_a_bomb_not_a_scan():
    with pytest.raises(FichierInvalide, match="« bombe » de décompression"):
        pdf_text(hostile.pdf_bomb(GIGABYTE, in_xobject=True))


def test_a_pdf_longer_than_a_fiche_says_so():
    with pytest.raises(FichierInvalide, match="plus de 200 pages"):
        pdf_text(hostile.pdf_bomb(1024 * 1024, pages=201, operators=b"BT /F1 12 Tf (a) Tj ET "))


@pytest.mark.django_db
def test_the_contact_import_page_refuses_the_dimension_bomb_and_keeps_nothing(client_membre):
    upload = SimpleUploadedFile("piege.xlsx", hostile.dimension_bomb())
    response = client_membre.post(reverse("contacts:import"), {"fichier": upload})
    assert response.status_code == 200
    assert "que la ligne d&#x27;en-têtes" in response.content.decode()
    assert not ImportContacts.objects.exists()


@pytest.mark.django_db
def test_the_facts_import_page_refuses_a_zip_bomb_and_writes_nothing(client_membre, bombs):
    upload = SimpleUploadedFile("atlas.xlsx", bombs["lignes"])
    response = client_membre.post(
        reverse("mobilisation:faits_import"), {"fichier": upload, "type": "cooperation", "simulation": ""}
    )
    assert "fichier piégé" in response.content.decode()
    assert not FaitEngagement.objects.exists()


@pytest.mark.django_db
def test_the_fiche_import_page_refuses_a_pdf_bomb_and_saves_nothing(client_membre):
    upload = SimpleUploadedFile("fiche.pdf", hostile.pdf_bomb(GIGABYTE))
    response = client_membre.post(reverse("capitalisation:importer"), {"fichier": upload})
    assert "« bombe » de décompression" in response.content.decode()
    assert not Fiche.objects.exists()


@pytest.mark.django_db
def test_saving_an_empty_review_creates_no_fiche(client_membre):
    response = client_membre.post(reverse("capitalisation:importer"), {"enregistrer": "1"}, follow=True)
    assert "Rien à enregistrer" in response.content.decode()
    assert not Fiche.objects.exists()
