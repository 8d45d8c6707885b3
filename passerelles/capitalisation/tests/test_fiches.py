import io

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import make_member
from passerelles.capitalisation.demo import DEMO_FICHE
from passerelles.capitalisation.exports import fiche_docx, fiche_markdown, fiche_pdf
from passerelles.capitalisation.lecons import lessons_for
from passerelles.capitalisation.models import Fiche
from passerelles.capitalisation.recherche import fiche_search
from passerelles.capitalisation.services import fiche_draft, fiche_save
from passerelles.leviers.models import PointEntree

from .test_import_fiche import seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reseau):
    return fiche_save(reseau=reseau, auteur=None, **DEMO_FICHE)


def titles(results):
    return [r.fiche.titre for r in results]


@pytest.mark.parametrize(
    ("query", "expected_mark"),
    [
        ("cooperation decentralisee", "coopération"),
        ("ateliers", "atelier"),
        ("rurales", "rurale"),
        ("COMMUNES RURALES", "communes"),
    ],
)
def test_french_search_handles_accents_case_plurals_and_stems(reseau, demo, query, expected_mark):
    results = fiche_search(reseau=reseau, q=query)
    assert titles(results) == [demo.titre]
    assert f"<mark>{expected_mark}" in results[0].extrait.lower()


def test_a_word_absent_from_every_fiche_finds_nothing(reseau, demo):
    assert fiche_search(reseau=reseau, q="xylophone") == []


def test_an_edited_fiche_is_found_by_its_new_words_not_its_old_ones(reseau, demo):
    fiche_save(reseau=reseau, auteur=None, fiche=demo, titre="Rencontre sur la marqueterie")
    assert titles(fiche_search(reseau=reseau, q="marqueterie")) == ["Rencontre sur la marqueterie"]
    fiche_save(reseau=reseau, auteur=None, fiche=demo, titre="Rencontre sur la xylophonie")
    assert titles(fiche_search(reseau=reseau, q="xylophonie")) == ["Rencontre sur la xylophonie"]
    assert fiche_search(reseau=reseau, q="marqueterie") == []


def test_only_the_fiches_a_reseau_may_see_fill_its_results(reseau, autre_reseau, demo):
    theirs = fiche_save(reseau=autre_reseau, auteur=None, **{**DEMO_FICHE, "titre": "Leur fiche"})
    mine = fiche_save(reseau=reseau, auteur=None, **{**DEMO_FICHE, "titre": "Ma seconde fiche"})
    found = titles(fiche_search(reseau=reseau, q="atelier", limit=2))
    assert sorted(found) == sorted([demo.titre, mine.titre]) and theirs.titre not in found


def test_search_filters_by_tag_and_year(reseau, demo):
    assert titles(fiche_search(reseau=reseau, q="atelier", filtres={"ruralite": "rural", "annee": 2024})) == [
        demo.titre
    ]
    assert fiche_search(reseau=reseau, q="atelier", filtres={"ruralite": "urbain"}) == []


def test_a_private_fiche_is_invisible_to_other_reseaux_until_published(reseau, autre_reseau, demo, client):
    client.force_login(make_member("ana", autre_reseau))
    assert fiche_search(reseau=autre_reseau, q="atelier") == []
    assert client.get(demo.get_absolute_url()).status_code == 404
    fiche_save(reseau=reseau, auteur=None, fiche=demo, publiee=True)
    assert titles(fiche_search(reseau=autre_reseau, q="atelier")) == [demo.titre]
    page = client.get(demo.get_absolute_url()).content.decode()
    assert "Modifier" not in page  # read-only for other réseaux
    assert client.get(f"/capitalisation/fiche/{demo.pk}/modifier/").status_code == 404


def test_every_save_keeps_the_previous_version(reseau, membre, demo, client_membre):
    client_membre.post(
        f"/capitalisation/fiche/{demo.pk}/modifier/", {"titre": demo.titre, "limites": "Nouvelle limite"}
    )
    demo.refresh_from_db()
    assert demo.limites == "Nouvelle limite"
    assert demo.versions.get(numero=1).contenu["limites"].startswith("- Participation faible")
    response = client_membre.post(f"/capitalisation/fiche/{demo.pk}/versions/1/restaurer/")
    assert response.status_code == 302, response.content[:300]
    demo.refresh_from_db()
    assert demo.limites.startswith("- Participation faible")


def test_the_editor_keeps_what_was_typed_when_invalid(client_membre):
    page = client_membre.post(
        "/capitalisation/nouvelle/",
        {"titre": "", "enseignements": "Un enseignement précieux", "annee": "deux mille"},
    )
    html = page.content.decode()
    assert "Un enseignement précieux" in html
    assert not Fiche.objects.exists()


def test_the_aect_lesson_comes_first_for_small_rural_communes(reseau, demo):
    aect = PointEntree.objects.get(code="cooperation-decentralisee")
    lessons = lessons_for(
        reseau=reseau, point_entree=aect, type_collectivite="commune", taille="petite", ruralite="rural"
    )
    assert "trop technique" in lessons[0].texte
    assert lessons[0].fiche == demo
    assert {lesson.section for lesson in lessons} <= {"leviers", "limites", "enseignements"}


def test_the_seed_itself_brings_up_its_lesson(reseau):
    from passerelles.capitalisation.importation.decoupage import split_fiche

    fiche_save(reseau=reseau, auteur=None, **split_fiche(seed_text()).sections())
    aect = PointEntree.objects.get(code="cooperation-decentralisee")
    lessons = lessons_for(reseau=reseau, point_entree=aect, ruralite="rural", taille="petite")
    assert any("trop technique" in lesson.texte for lesson in lessons[:3])


def test_a_draft_is_built_from_an_ateliers_facts():
    draft = fiche_draft(
        titre="Atelier PAT et solidarité",
        porteur="CENTRAIDER",
        objectifs=["Relier le PAT à Alimenterre"],
        publics=["Élus", "Agents alimentation"],
        deroulement=["Projection", "Témoignages"],
        acteurs=["Réseau PAT"],
        partenaires=["CFSI"],
        outils=["Programme"],
        chiffres={"Inscrits": 24, "Présents": 18},
        calendrier="Novembre 2026",
    )
    assert draft["objectifs"] == "- Relier le PAT à Alimenterre"
    assert "Déroulement :\n- Projection\n- Témoignages" in draft["approche"]
    assert draft["resultats"] == "- Inscrits : 24\n- Présents : 18"
    assert "- Partenaire : CFSI" in draft["acteurs"]
    assert draft["limites"] == draft["enseignements"] == ""


def test_exports_open_as_real_documents(demo):
    pdf = PdfReader(io.BytesIO(fiche_pdf(demo)))
    assert "Atelier de sensibilisation" in pdf.pages[0].extract_text()
    docx = Document(io.BytesIO(fiche_docx(demo)))
    assert docx.paragraphs[0].text == demo.titre
    assert fiche_markdown(demo).startswith(f"# {demo.titre}\n")


def test_importing_through_the_screens(client_membre, reseau):
    text = "Titre importé\n\nLimites\n» peu de monde\n\nPrincipaux enseignements\n> partir du local\n"
    page = client_membre.post("/capitalisation/importer/", {"texte": text}).content.decode()
    assert "<textarea" in page and "<summary><strong>Limites</strong>" in page
    response = client_membre.post(
        "/capitalisation/importer/",
        {
            "enregistrer": "1",
            "bloc_section": ["titre", "limites", "enseignements"],
            "bloc_texte": ["Titre importé", "- peu de monde", "- partir du local"],
        },
    )
    fiche = Fiche.objects.get(reseau=reseau)
    assert response["Location"] == f"/capitalisation/fiche/{fiche.pk}/modifier/"
    assert (fiche.titre, fiche.limites, fiche.enseignements) == (
        "Titre importé",
        "- peu de monde",
        "- partir du local",
    )


def test_a_pdf_with_a_text_layer_is_read_and_split():
    from weasyprint import HTML

    from passerelles.capitalisation.importation.decoupage import split_fiche
    from passerelles.capitalisation.importation.lecture import fiche_text

    pdf = HTML(string="<p>Atelier PAT</p><p>Limites</p><p>Peu de communes rurales présentes.</p>").write_pdf()
    sections = split_fiche(fiche_text(pdf)).sections()
    assert sections["titre"] == "Atelier PAT"
    assert sections["limites"] == "Peu de communes rurales présentes."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vide"),
        (b"%PDF-1.4 garbage", "PDF est illisible"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "ni un texte ni un PDF"),
    ],
)
def test_bad_fiche_files_get_a_french_message(content, message):
    from passerelles.capitalisation.importation.lecture import fiche_text
    from passerelles.core.fichiers import FichierInvalide

    with pytest.raises(FichierInvalide, match=message):
        fiche_text(content)


def test_the_command_saves_the_fiche_for_a_reseau(reseau, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "fiche.txt"
    path.write_text("Atelier jumelage\n\nEnseignements\n» partir du jumelage\n", encoding="cp1252")
    call_command("import_fiche", str(path), "--reseau", "centraider")
    assert Fiche.objects.get(reseau=reseau).enseignements == "- partir du jumelage"


def test_the_synthesis_gathers_lessons_by_tag(client_membre, demo):
    page = client_membre.get(
        "/capitalisation/synthese/", {"ruralite": "rural", "instruments": "un-pour-cent-eau"}
    ).content.decode()
    assert "trop technique" in page and "Participation faible" in page
    empty = client_membre.get("/capitalisation/synthese/", {"ruralite": "urbain"}).content.decode()
    assert "trop technique" not in empty
