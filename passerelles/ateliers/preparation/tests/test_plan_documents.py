"""The atelier's documents open as real files and say what an association sends:
note de cadrage and programme (DOCX, PDF), invitation letter, feuille d'émargement, .ics."""

import datetime
import io
import re
import subprocess

import pytest
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.documents import BLANK_LINES, emargement_rows
from passerelles.ateliers.preparation.models import Atelier, Intervention, LigneBudget, Objectif, Partenaire
from passerelles.contacts.models import Contact, Role
from passerelles.core.francais import typographie
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def atelier(reseau):
    bourges = Collectivite.objects.get(type="commune", code="18033")
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="L'international, pourquoi pas nous ?",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=bourges,
        lieu_nom="Hôtel de ville",
        lieu_adresse="11 rue Jacques-Rimbault, 18000 Bourges",
        capacite=40,
        date_limite_inscription=datetime.date(2024, 5, 7),
    )
    atelier.roles.set(Role.objects.filter(code__in=["maire", "dst", "president-jumelage"]))
    Objectif.objects.create(atelier=atelier, intitule="Inspirer", description="Des témoignages de pairs")
    Partenaire.objects.create(
        atelier=atelier,
        role="hote",
        nom="Ville de Bourges",
        contribution="Accueille l'atelier",
        collectivite=bourges,
    )
    LigneBudget.objects.create(atelier=atelier, nature="depense", libelle="Café", montant=1250)
    sequence = atelier.sequences.create(
        titre="Des collectivités témoignent", debut=datetime.time(9, 45), fin=datetime.time(10, 45)
    )
    speaker = Contact.objects.create(reseau=reseau, prenom="Camille", nom="Exemple", collectivite=bourges)
    Intervention.objects.create(sequence=sequence, contact=speaker, sujet="Vingt ans de coopération")
    return atelier


def register(atelier, nom, prenom, etat="confirmee", **fields):
    return Inscription.objects.create(
        reseau=atelier.reseau, atelier=atelier, nom=nom, prenom=prenom, etat=etat, **fields
    )


def pdf_text(client, atelier, doc) -> tuple[PdfReader, str]:
    response = client.get(f"/ateliers/{atelier.pk}/documents/{doc}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def docx_paragraphs(client, atelier, doc) -> list[str]:
    response = client.get(f"/ateliers/{atelier.pk}/documents/{doc}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return [p.text for p in Document(io.BytesIO(response.content)).paragraphs]


def squash(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").replace(NNBSP, " ").split())


def test_french_typography_puts_no_break_spaces_and_guillemets():
    assert typographie('Le cadre "AECT" : quoi ?') == f"Le cadre «{NNBSP}AECT{NNBSP}»{NBSP}: quoi{NNBSP}?"
    assert typographie("l'atelier") == "l\u2019atelier"


def test_the_note_de_cadrage_in_pdf_and_docx(client_membre, atelier):
    _, text = pdf_text(client_membre, atelier, "note-de-cadrage.pdf")
    text = squash(text)
    for expected in (
        "Note de cadrage",
        "Mardi 14 mai 2024, de 9 h 30 à 12 h 30",
        "Hôtel de ville, 11 rue Jacques-Rimbault, 18000 Bourges",
        "Inspirer — Des témoignages de pairs",
        "Ville de Bourges (hôte) : Accueille l’atelier",
        "Camille Exemple (Bourges) : Vingt ans de coopération",
        "1 250 €",
        "avant le mardi 7 mai 2024",
    ):
        assert expected in text, expected
    paragraphs = [squash(p) for p in docx_paragraphs(client_membre, atelier, "note-de-cadrage.docx")]
    assert "L’international, pourquoi pas nous ?" in paragraphs
    assert (
        "Mardi 14 mai 2024, de 9 h 30 à 12 h 30\nHôtel de ville, 11 rue Jacques-Rimbault, 18000 Bourges".replace(
            "\n", " "
        )
        in paragraphs
    )
    assert (
        "Élu·es : maire" in paragraphs
        and "Directions générales et techniques : directeur·rice des services techniques" in paragraphs
    )


def test_the_programme_in_pdf_and_docx(client_membre, atelier):
    _, text = pdf_text(client_membre, atelier, "programme.pdf")
    assert "9 h 45 – 10 h 45" in squash(text) and "Des collectivités témoignent" in text
    paragraphs = [squash(p) for p in docx_paragraphs(client_membre, atelier, "programme.docx")]
    assert "9 h 45 – 10 h 45 — Des collectivités témoignent" in paragraphs
    assert "Camille Exemple (Bourges) : Vingt ans de coopération" in paragraphs


def test_the_invitation_letter_fits_one_page(client_membre, atelier):
    reader, text = pdf_text(client_membre, atelier, "invitation.pdf")
    text = squash(text)
    assert len(reader.pages) == 1
    assert "Objet : invitation à l’atelier « L’international, pourquoi pas nous ? »" in text
    assert "Madame, Monsieur," in text and "Accueil : Ville de Bourges" in text
    assert "dans la limite de 40 places" in text
    # The link reads back with line breaks only: no hyphen was added inside it (issue 20).
    assert f"/ateliers/inscription/{atelier.jeton_public}/" in re.sub(r"\s", "", text)


def test_the_feuille_demargement_lists_confirmed_people_and_blank_lines(client_membre, atelier):
    maire = Role.objects.get(code="maire")
    register(
        atelier,
        "Émile",
        "Zoé",
        role=maire,
        collectivite=Collectivite.objects.get(type="commune", nom="Levet"),
    )
    register(atelier, "Durand", "Alex", structure="Comité de jumelage de Bourges", fonction="Président")
    register(atelier, "Annulé", "Bob", etat="annulee")
    register(atelier, "Attente", "Cléo", etat="attente")
    assert [row["nom"] for row in emargement_rows(atelier)] == ["DURAND", "ÉMILE"]  # accents do not reorder
    reader, text = pdf_text(client_membre, atelier, "emargement.pdf")
    text = squash(text)
    assert "Feuille d’émargement" in text and "Signature" in text
    assert "ÉMILE Zoé Maire Levet" in text and "DURAND Alex Président Comité de jumelage de Bourges" in text
    assert "ANNULÉ" not in text and "ATTENTE" not in text
    assert str(2 + BLANK_LINES) in text.split()  # the last blank line is numbered
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_a_long_feuille_repeats_its_header_on_every_page(client_membre, atelier):
    for index in range(40):
        register(atelier, f"Personne{index:02d}", "Fictive")
    reader, _ = pdf_text(client_membre, atelier, "emargement.pdf")
    assert len(reader.pages) >= 2
    assert all("Signature" in page.extract_text() for page in reader.pages)


def test_the_ics_download_is_the_event(client_membre, atelier):
    response = client_membre.get(f"/ateliers/{atelier.pk}/documents/atelier.ics")
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2024-05-14T09:30:00+02:00"


def test_an_unknown_document_is_a_404(client_membre, atelier):
    assert client_membre.get(f"/ateliers/{atelier.pk}/documents/secret.exe").status_code == 404


def test_a_bare_atelier_still_has_every_document(client_membre, reseau):
    from passerelles.ateliers.preparation.documents import DOCUMENTS

    bare = Atelier.objects.create(
        reseau=reseau,
        titre="À préciser",
        date=datetime.date(2027, 1, 7),
        heure_debut=datetime.time(14),
        heure_fin=datetime.time(17),
    )
    for doc in DOCUMENTS:
        assert client_membre.get(f"/ateliers/{bare.pk}/documents/{doc}").status_code == 200, doc
    _, text = pdf_text(client_membre, bare, "programme.pdf")
    assert (
        "Programme en préparation." in text and "jeudi 7 janvier 2027, de 14 h à 17 h" in squash(text).lower()
    )


@pytest.mark.parametrize("doc", ["note-de-cadrage.docx", "programme.docx"])
def test_word_documents_are_a4_in_french_by_the_reseau(client_membre, atelier, doc):
    from docx.oxml.ns import qn
    from docx.shared import Mm

    response = client_membre.get(f"/ateliers/{atelier.pk}/documents/{doc}")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (
        round(Mm(210).mm),
        round(Mm(297).mm),
    )
    languages = {element.get(qn("w:val")) for element in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"fr-FR"}  # Word proofs it in French, not en-US
    assert document.core_properties.author == atelier.reseau.nom


def rightmost_ink_mm(pdf: bytes, tmp_path) -> float:
    """The distance, in millimetres, from the right edge of the first page to its rightmost
    drawn pixel (the table's border), measured on the page rendered at 150 dpi."""
    from PIL import Image

    (tmp_path / "feuille.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "feuille.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    page = Image.open(tmp_path / "page.png").convert("L")
    width, height = page.size
    body = page.crop((0, 0, width, int(height * 0.9)))  # above the footer
    inked = [x for x in range(width) if body.crop((x, 0, x + 1, body.height)).getextrema()[0] < 200]
    return (width - 1 - max(inked)) * 25.4 / 150


def test_the_feuille_demargement_keeps_a_printable_margin_right_of_its_table(
    client_membre, atelier, tmp_path
):
    register(atelier, "Durand", "Alex", structure="Comité de jumelage de Bourges", fonction="Président")
    pdf = client_membre.get(f"/ateliers/{atelier.pk}/documents/emargement.pdf").content
    assert rightmost_ink_mm(pdf, tmp_path) >= 10


def test_the_feuille_demargement_counts_in_french_and_walk_ins_apart(client_membre, atelier):
    _, text = pdf_text(client_membre, atelier, "emargement.pdf")
    assert "Aucune personne inscrite." in squash(text)
    register(atelier, "Durand", "Alex")
    _, text = pdf_text(client_membre, atelier, "emargement.pdf")
    assert "1 personne inscrite." in squash(text)
    register(atelier, "Martin", "Lou")
    register(atelier, "Petit", "Sam", source="sur_place")
    _, text = pdf_text(client_membre, atelier, "emargement.pdf")
    assert "2 personnes inscrites, 1 personne venue sans inscription." in squash(text)
