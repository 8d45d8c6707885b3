"""The yearly bilan: one section per mission, results beside the réseau's objectives."""

import datetime
from decimal import Decimal

import pytest

from passerelles.bilan.rapport import bilan_annuel, default_year, years_with_data

from .conftest import ANNEE, TODAY

pytestmark = pytest.mark.django_db


def figures_of(bilan) -> dict:
    return {f["cle"]: f for mission in bilan["missions"] for f in mission["figures"]}


def test_the_bilan_follows_the_five_missions_of_the_reseau(reseau, annee):
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    assert [m["titre"] for m in bilan["missions"]] == [
        "Observation du territoire",
        "Information et sensibilisation",
        "Accompagnement des collectivités",
        "Coordination des acteurs",
        "Capitalisation",
    ]
    assert all(f["definition"] for m in bilan["missions"] for f in m["figures"])


def test_objectives_sit_beside_the_results_with_how_far_they_are_reached(reseau, annee):
    figures = figures_of(bilan_annuel(reseau, ANNEE, today=TODAY))
    assert (figures["ateliers"]["valeur"], figures["ateliers"]["objectif"]) == (1, Decimal(2))
    assert figures["ateliers"]["atteinte_texte"] == "50\u00a0%"
    assert (figures["dossiers_deposes"]["valeur"], figures["dossiers_deposes"]["atteinte"]) == (3, 0.75)
    assert figures["fiches"]["objectif"] is None and figures["fiches"]["objectif_texte"] == ""


def test_participants_are_counted_by_gender_with_those_who_did_not_say_apart(reseau, annee):
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    genres = {g["genre"]: g["n"] for g in bilan["genres"]}
    assert genres == {"Femmes": 2, "Hommes": 1, "Non précisé": 1}  # the speaker is not a participant
    assert sum(genres.values()) == bilan["valeurs"]["participants_presents"]


def test_coverage_compares_the_collectivites_reached_with_those_of_the_referentiel(reseau, annee):
    couverture = {c["code"]: c for c in bilan_annuel(reseau, ANNEE, today=TODAY)["couverture"]}
    cher = couverture["18"]
    assert cher["touchees"] == 2
    # Every commune and EPCI of the Cher, and the Cher itself: hundreds, so a small rate.
    assert cher["existantes"] > 280 and cher["taux"] == pytest.approx(2 / cher["existantes"])


def test_the_atelier_budget_is_summed_against_the_planned_envelope(reseau, annee):
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    assert bilan["budget"]["depenses"] == Decimal("1500") and bilan["budget"]["recettes"] == Decimal("1000")
    assert bilan["valeurs"]["execution_budget"] == 0.75
    assert bilan["budget"]["financeurs"] == [("Région", Decimal("1000"))]


def test_accompaniment_counts_dossiers_time_and_decisions_of_the_year(reseau, annee):
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    valeurs, dossiers = bilan["valeurs"], bilan["dossiers"]
    assert valeurs["dossiers_accompagnes"] == 4 and valeurs["collectivites_accompagnees"] == 4
    assert (valeurs["rencontres"], valeurs["heures"]) == (2, Decimal("3.5"))  # 2024's call is not 2025's
    assert (valeurs["dossiers_deposes"], valeurs["dossiers_retenus"], valeurs["dossiers_refuses"]) == (
        3,
        2,
        1,
    )
    # One dossier retenu has no amount: unknown, not 0, and said so.
    assert valeurs["montant_accorde"] == Decimal("24000") and dossiers["montant_inconnu"] == 1
    assert valeurs["effet_levier"] == 3.0
    assert dict(dossiers["par_etat"]) == {
        "Idée": 0,
        "En montage": 1,
        "Déposé": 0,
        "Retenu": 2,
        "Refusé": 1,
        "Abandonné": 0,
    }
    assert dossiers["motifs"][0]["motif"] == "Partenaire trop peu associé"


def test_a_dossier_s_state_is_read_at_the_end_of_the_year_reported(reseau, annee):
    dossiers = bilan_annuel(reseau, ANNEE - 1, today=TODAY)["dossiers"]
    assert dict(dossiers["par_etat"])["En montage"] == 1  # retenu only in 2025
    assert dossiers["chiffres"]["heures"] == Decimal("4")


def test_coordination_sums_the_participants_known_and_counts_the_others_apart(reseau, annee):
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    assert bilan["valeurs"]["actions_coordination"] == 2
    assert bilan["valeurs"]["participants_coordination"] == 12 and bilan["coordination"]["sans_nombre"] == 1


def test_the_default_year_is_the_latest_with_data_not_an_empty_current_year(reseau, annee):
    years = years_with_data(reseau, TODAY)
    assert years[:2] == [ANNEE, ANNEE - 1] and TODAY.year not in years
    assert default_year(years, TODAY) == ANNEE
    assert default_year([], datetime.date(2027, 1, 5)) == 2027


def test_a_year_without_anything_says_what_has_nothing_to_measure_and_what_is_unknown(reseau, annee):
    bilan = bilan_annuel(reseau, 2019, today=TODAY)
    assert bilan["valeurs"]["participants_presents"] is None
    assert bilan["valeurs"]["budget_depenses"] is None and bilan["valeurs"]["execution_budget"] is None
    assert bilan["valeurs"]["montant_accorde"] == 0  # nothing was granted: known
    assert figures_of(bilan)["participants_presents"]["texte"] == "sans objet : aucun atelier tenu"
    assert figures_of(bilan)["ateliers"]["texte"] == "0"
    assert {g["n"] for g in bilan["genres"]} == {None}  # no attendance known: no gender counted as 0
    assert figures_of(bilan)["effet_levier"]["texte"] == "sans objet : aucun dossier retenu"


def test_the_page_and_documents_list_the_first_sources_and_reasons_the_workbook_all(
    reseau, annee, monkeypatch
):
    monkeypatch.setattr("passerelles.bilan.rapport.EXTRAIT", 2)  # two of each
    bilan = bilan_annuel(reseau, ANNEE, today=TODAY)
    assert len(bilan["extraits"]["sources"]) == 2 and bilan["extraits"]["sources_autres"] == 3
    assert len(bilan["observation"]["sources"]) == 5
    assert bilan["extraits"]["ateliers_autres"] == 0  # one atelier: listed whole
