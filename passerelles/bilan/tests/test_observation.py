"""The territory observed and the effet levier, from sourced facts and dossiers retenus."""

import pytest

from passerelles.bilan.observation import effet_levier, territoire_observe

from .conftest import ANNEE

pytestmark = pytest.mark.django_db


def test_engagement_is_counted_by_departement_and_kind_from_facts_and_dossiers_retenus(reseau, annee):
    observed = territoire_observe(reseau, ANNEE)
    departements = {d["code"]: d for d in observed["par_departement"]}
    cher, loiret = departements["18"], departements["45"]
    # Cher: Nérondes' « Clés en main » retenu (cooperation), Bourges' e-APD, a twinning ended in 2025.
    assert (cher["engagees"], cher["cooperation"], cher["declaration_apd"], cher["jumelage"]) == (3, 1, 1, 1)
    # Loiret: a cooperation begun in 2025, and a Town-Twinning dossier retenu (a twinning).
    assert (loiret["engagees"], loiret["cooperation"], loiret["jumelage"]) == (1, 1, 1)
    assert observed["total"]["engagees"] == 4
    assert [t["nom"] for t in observed["par_type"]] == ["Commune"]


def test_started_and_stopped_engagements_are_those_of_the_year(reseau, annee):
    observed = territoire_observe(reseau, ANNEE)
    assert observed["total"]["commencees"] == 2  # the Loiret commune, Nérondes (dossier retenu)
    assert observed["total"]["arretees"] == 1  # the twinning ended in 2025, nothing after
    assert territoire_observe(reseau, ANNEE + 1)["total"]["engagees"] == 3


def test_every_engagement_shown_carries_its_source(reseau, annee):
    sources = territoire_observe(reseau, ANNEE)["sources"]
    assert len(sources) == 5 and all(s["source"] for s in sources)
    assert any(s["source"].startswith("Dossier retenu le 30/06/2025") for s in sources)


def test_the_effet_levier_counts_unknown_amounts_as_unknown_never_as_zero(reseau, annee):
    levier = effet_levier(reseau)
    ensemble = levier["ensemble"]
    assert (ensemble["retenus"], ensemble["connus"], ensemble["inconnus"]) == (2, 1, 1)
    assert ensemble["ratio"] == 3.0 and ensemble["total"] == 32000
    instruments = {row["nom"]: row for row in levier["par_instrument"]}
    assert all(
        row["ratio"] is None and row["accorde"] is None for name, row in instruments.items() if "Town" in name
    )
    assert [row["annee"] for row in levier["par_annee"]] == [ANNEE]


def test_another_reseau_s_facts_and_dossiers_are_not_observed(autre_reseau, annee):
    assert territoire_observe(autre_reseau, ANNEE)["total"]["engagees"] == 0
    assert effet_levier(autre_reseau)["ensemble"]["retenus"] == 0
