"""The dashboards: per atelier and across ateliers, with charts, definitions, PDF and XLSX."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from passerelles.ateliers.suivi.tests.donnees_suivi import commune, echange, inscrire, make_atelier
from passerelles.leviers.models import PointEntree

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau, membre):
    atelier = make_atelier(reseau, responsable=membre)
    inscrire(atelier, commune("18160"))
    inscrire(atelier, commune("18033"))
    echange(reseau, commune("18033"), datetime.date(2023, 1, 10))
    return atelier


def test_the_atelier_page_shows_figures_charts_and_their_definitions(client_membre, atelier):
    page = client_membre.get(f"/ateliers/{atelier.pk}/indicateurs/").content.decode()
    # No curve of progression: nothing observed, so nothing that suggests a difference.
    assert page.count("<svg") == 3 and "Nouvelles pour le réseau" in page
    assert 'id="croisement"' in page and 'id="comparaison"' in page
    assert "ni échange, ni fait enregistré" in page  # the definition is written on the page
    assert "Nérondes — Nouvelle" in page and "Bourges — Déjà connue" in page
    content = page.split('id="contenu"')[1]
    assert "<script" not in content and 'style="' not in content and "<style" not in content


def test_the_atelier_spreadsheet_carries_every_figure_with_its_definition(client_membre, atelier):
    response = client_membre.get(f"/ateliers/{atelier.pk}/indicateurs/?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1:] for row in workbook["Indicateurs"].iter_rows(values_only=True)}
    assert rows["Nouvelles pour le réseau"][0] == 1 and rows["Déjà connues"][0] == 1
    assert rows["Satisfaction moyenne"][0] == "inconnu"
    assert "avant le jour de l'atelier" in rows["Nouvelles pour le réseau"][2]
    assert set(workbook.sheetnames) == {
        "Indicateurs",
        "Répartition",
        "Collectivités",
        "Progression",
        "Signes de changement",
        "Intérêts",
    }
    headers = next(workbook["Progression"].iter_rows(values_only=True))
    assert "IC 95 % bas" in headers and "Écart IC 95 % haut" in headers


def test_the_atelier_report_is_a_pdf_with_its_charts_and_definitions(client_membre, atelier):
    response = client_membre.get(f"/ateliers/{atelier.pk}/indicateurs/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nouvelles pour le réseau" in text and "Définitions" in text and "Nérondes" in text
    assert "association, pas preuve" in text


def test_the_dashboard_filters_ateliers_by_period_entry_point_and_departement(client_membre, reseau, atelier):
    point = PointEntree.objects.get(code="jumelage-jeunesse")
    other = make_atelier(
        reseau, titre="Jeunesse et jumelages", date=datetime.date(2025, 3, 1), point_entree=point
    )
    other.lieu_collectivite = commune("45234")  # Orléans, Loiret
    other.save()
    inscrire(other, commune("45234"))

    def titles(query):
        page = client_membre.get("/ateliers/tableau/" + query).content.decode()
        return page.count("Agir à l&#x27;international"), page.count("Jeunesse et jumelages")

    assert titles("") == (1, 1)
    assert titles("?departement=45") == (0, 1)
    assert titles("?point_entree=jumelage-jeunesse") == (0, 1)
    assert titles("?debut=2024-01-01&fin=2024-12-31") == (1, 0)


def test_the_dashboard_counts_a_collectivite_once_at_its_first_atelier(client_membre, reseau, atelier):
    later = make_atelier(reseau, titre="Deuxième", date=datetime.date(2024, 11, 5))
    inscrire(later, commune("18160"))  # Nérondes comes again: no longer new, but counted once
    from passerelles.ateliers.suivi.indicateurs import tableau_ateliers

    totaux = tableau_ateliers(reseau, today=datetime.date(2025, 6, 1))["totaux"]
    assert (totaux["ateliers"], totaux["participants_presents"], totaux["collectivites_touchees"]) == (
        2,
        3,
        2,
    )
    assert (totaux["nouvelles_collectivites"], totaux["deja_connues"]) == (1, 1)


def test_a_wrong_filter_is_explained_and_nothing_breaks(client_membre, atelier):
    response = client_membre.get("/ateliers/tableau/?debut=2025-01-01&fin=2024-01-01&departement=99x")
    page = response.content.decode()
    assert response.status_code == 200 and "La date de début doit précéder la date de fin." in page


def test_the_dashboard_exports_every_figure(client_membre, atelier):
    workbook = load_workbook(io.BytesIO(client_membre.get("/ateliers/tableau/?format=xlsx").content))
    assert workbook["Ateliers"]["A2"].value == "Agir à l'international"
    definitions = [row[3] for row in workbook["Ensemble"].iter_rows(min_row=2, values_only=True)]
    assert all(definitions)
    pdf = client_membre.get("/ateliers/tableau/?format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_the_entry_points_respondents_cite_are_shown_by_name(client_membre, atelier, reseau):
    from passerelles.ateliers.suivi.enquete import questionnaire_for
    from passerelles.ateliers.suivi.models import Reponse

    questionnaire = questionnaire_for(atelier)
    for inscription in atelier.inscriptions.all():
        Reponse.objects.create(
            reseau=reseau,
            questionnaire=questionnaire,
            inscription=inscription,
            valeurs={"points_entree": ["jumelage-jeunesse"]},
            repondu_le=datetime.datetime(2024, 5, 20, tzinfo=datetime.UTC),
        )
    page = client_membre.get(f"/ateliers/{atelier.pk}/indicateurs/").content.decode()
    nom = PointEntree.objects.get(code="jumelage-jeunesse").nom
    assert f"{nom} : 2 répondants" in page.replace("&#x27;", "'")


def test_the_aimed_cell_of_an_atelier_meant_for_collectivites_far_from_international_action(reseau):
    from passerelles.ateliers.suivi.rapports import croisement

    figures = {
        "detail": {
            "croisement": {"nouvelle": {"eloignee": 4, "active": 0}, "connue": {"eloignee": 4, "active": 1}},
            "cible": {"nouvelle": None, "eloignee": True, "raisons": ["segment « Pas engagées »"]},
        }
    }
    aimed = [[case["visee"] for case in ligne["cases"]] for ligne in croisement(figures)["lignes"]]
    assert aimed == [[True, False], [True, False]]  # far from it, whether new to the réseau or not
    figures["detail"]["cible"] = {"nouvelle": None, "eloignee": None, "raisons": []}
    aimed = [[case["visee"] for case in ligne["cases"]] for ligne in croisement(figures)["lignes"]]
    assert aimed == [[False, False], [False, False]]  # nothing said: no cell is claimed
