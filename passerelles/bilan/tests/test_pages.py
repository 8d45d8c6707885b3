"""The bilan's page and files, the year's objectives, the coordination actions."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from passerelles.bilan.models import ActionCoordination, Objectif
from passerelles.core.models import Journal
from passerelles.territoires.models import Collectivite

from .conftest import ANNEE

pytestmark = pytest.mark.django_db


def test_the_bilan_page_opens_on_the_latest_year_with_data_with_definitions_beside_figures(
    client_membre, annee
):
    page = client_membre.get("/bilan/").content.decode()
    assert f"Bilan d'activité {ANNEE}" in page
    for mission in (
        "Observation du territoire",
        "Information et sensibilisation",
        "Coordination des acteurs",
    ):
        assert mission in page
    assert "Collectivités distinctes représentées" in page and "Partenaire trop peu associé" in page
    assert "1 dossier retenu au montant inconnu" in page
    # The map shows the engaged communes, those that began this year apart.
    assert 'id="carte-engagement"' in page and "Nérondes — engagement commencé en 2025" in page
    # Each commune drawn leads to its page.
    nerondes = Collectivite.objects.get(type="commune", nom="Nérondes")
    assert f'<a href="{nerondes.get_absolute_url()}" tabindex="-1" aria-label="Nérondes' in page


def test_any_year_with_data_can_be_chosen_and_an_unknown_one_is_refused_in_french(client_membre, annee):
    assert "Bilan d'activité 2024" in client_membre.get("/bilan/?annee=2024").content.decode()
    page = client_membre.get("/bilan/?annee=1850")
    assert page.status_code == 200 and "Choisissez une année de la liste" in page.content.decode()


def test_the_pdf_carries_each_mission_the_dossiers_and_the_effet_levier(client_membre, annee):
    pdf = client_membre.get(f"/bilan/?annee={ANNEE}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Bilan d'activité 2025", "Accompagnement des collectivités", "Effet levier", "Nérondes"):
        assert expected in text


def test_the_docx_is_a4_in_french_with_the_reseau_as_author(client_membre, annee, reseau):
    response = client_membre.get(f"/bilan/?annee={ANNEE}&format=docx")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.author == reseau.nom
    assert 'w:val="fr-FR"' in document.styles.element.xml
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Capitalisation" in text and "Clés en main" in cells and "3,00\u00a0€ pour 1\u00a0€" in cells


def test_the_xlsx_has_numbers_as_numbers_and_rates_as_percentages(client_membre, annee):
    workbook = load_workbook(io.BytesIO(client_membre.get(f"/bilan/?annee={ANNEE}&format=xlsx").content))
    rows = {row[1].value: row for row in workbook["Bilan"].iter_rows(min_row=2)}
    ateliers = rows["Ateliers tenus"]
    assert ateliers[2].value == 1 and ateliers[3].value == 2 and ateliers[4].value == 0.5
    assert ateliers[4].number_format == "0%"
    assert rows["Exécution du budget prévu"][2].number_format == "0%"
    assert rows["Montants accordés"][2].value == 24000
    assert rows["Participants"][6].value.startswith("Personnes pointées")
    couverture = list(workbook["Couverture par département"].iter_rows(min_row=2))
    assert couverture[0][6].number_format == "0%" and isinstance(couverture[0][6].value, float)
    levier = list(workbook["Effet levier"].iter_rows(min_row=2, values_only=True))
    assert levier[0][:5] == ("Ensemble", None, 2, 1, 1)  # two retenus, one with an unknown amount


def test_the_demo_reseau_s_figures_are_marked_demonstration(client_membre, annee, reseau):
    reseau.demonstration = True
    reseau.save()
    assert "Réseau de démonstration" in client_membre.get("/bilan/").content.decode()
    workbook = load_workbook(io.BytesIO(client_membre.get(f"/bilan/?annee={ANNEE}&format=xlsx").content))
    assert {row[5] for row in workbook["Bilan"].iter_rows(min_row=2, values_only=True)} == {"démonstration"}


def test_the_reseau_sets_its_objectives_for_a_year_in_french_amounts(client_membre, reseau, annee):
    response = client_membre.post(
        f"/bilan/objectifs/{ANNEE}/", {"ateliers": "3", "budget_depenses": "2 500,50 €", "fiches": ""}
    )
    assert response.status_code == 302 and response["Location"] == f"/bilan/?annee={ANNEE}"
    mine = dict(Objectif.objects.filter(reseau=reseau, annee=ANNEE).values_list("indicateur", "cible"))
    assert mine == {"ateliers": 3, "budget_depenses": 2500.5}  # « dossiers déposés » emptied: removed
    assert Journal.objects.filter(reseau=reseau, action="objectifs").exists()


def test_a_negative_or_wordy_objective_gets_a_french_message(client_membre, reseau):
    page = client_membre.post(
        "/bilan/objectifs/2025/", {"ateliers": "-2", "fiches": "beaucoup"}
    ).content.decode()
    assert "Un objectif ne peut pas être négatif." in page and "Saisissez un nombre." in page
    assert not Objectif.objects.filter(reseau=reseau).exists()


def test_a_year_out_of_range_has_no_objectives_page(client_membre):
    assert client_membre.get("/bilan/objectifs/1/").status_code == 404


def test_another_reseau_s_objectives_never_show(client_membre, autre_reseau):
    Objectif.objects.create(reseau=autre_reseau, annee=2025, indicateur="ateliers", cible=987654)
    assert "987" not in client_membre.get("/bilan/objectifs/2025/").content.decode()
    assert "987" not in client_membre.get("/bilan/?annee=2025").content.decode()


def test_staff_add_change_and_delete_a_coordination_action(client_membre, reseau):
    response = client_membre.post(
        "/bilan/coordination/nouvelle/",
        {"annee": "2025", "titre": "Programme eau Sahel", "nature": "programme", "participants": ""},
    )
    assert response.status_code == 302
    action = ActionCoordination.objects.get(reseau=reseau)
    assert action.participants is None  # unknown, not 0
    client_membre.post(
        f"/bilan/coordination/{action.pk}/",
        {"annee": "2025", "titre": "Programme eau Sahel", "nature": "programme", "participants": "14"},
    )
    action.refresh_from_db()
    assert action.participants == 14
    assert "Programme eau Sahel" in client_membre.get("/bilan/coordination/").content.decode()
    client_membre.post(f"/bilan/coordination/{action.pk}/supprimer/")
    assert not ActionCoordination.objects.filter(reseau=reseau).exists()
    assert Journal.objects.filter(reseau=reseau, action="coordination").count() == 3


def test_a_coordination_action_with_bad_values_is_explained_in_french(client_membre, reseau):
    page = client_membre.post(
        "/bilan/coordination/nouvelle/", {"annee": "1200", "titre": "", "nature": "x", "participants": "-3"}
    ).content.decode()
    assert "Année trop ancienne." in page and "Ce champ est obligatoire." in page
    assert not ActionCoordination.objects.exists()
