"""The demo's Bourges atelier after the day reproduces the seed."""

import json

import pytest
from django.core.management import call_command

from passerelles.ateliers.demo import SEED_TITLE
from passerelles.ateliers.preparation.models import Atelier
from passerelles.ateliers.suivi.demo import demo_suivi
from passerelles.ateliers.suivi.models import Reponse
from passerelles.demo.reseau import demo_load
from passerelles.mobilisation.models import Relance

pytestmark = pytest.mark.django_db


@pytest.fixture
def reseau_demo(settings):
    """The demo with its Bourges atelier, as `passerelles demo` builds it."""
    settings.DEBUG = True
    return demo_load()


def figures(capsys) -> dict:
    atelier = Atelier.objects.get(titre=SEED_TITLE)
    call_command("atelier_indicateurs", reseau="centraider", atelier=atelier.pk, format="json")
    return json.loads(capsys.readouterr().out)[0]


def test_the_demo_atelier_shows_four_newcomers_among_mostly_convinced_participants(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["nouvelles_collectivites"] == 4
    assert row["deja_connues"] + row["deja_engagees"] > row["nouvelles_collectivites"]


def test_the_demo_survey_is_answered_by_participants_only_and_says_it_is_invented(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert 0 < row["repondants"] <= row["participants_presents"]
    assert row["enquete_fictive"] is True
    # The seed: newcomers found the entry too technical and asked for nothing.
    assert row["part_trop_technique"] > 0 and row["demandes_rendez_vous"] == 0


def test_the_demo_follow_up_was_never_done(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["relances_faites_a_temps"] == 0 and row["relances_en_retard"] == row["relances_total"] > 0
    no_shows = Atelier.objects.get(titre=SEED_TITLE).inscriptions.filter(present=False).count()
    assert no_shows and Relance.objects.filter(origine__contains=":absent:").count() == no_shows
    # Nothing was followed up: no change was observed, as the seed says.
    assert row["progression_6_mois"]["conclusion"] == "aucun changement observé"
    assert row["progression_6_mois"]["participantes"]["progressees"] == 0
    assert row["signes_de_changement"] == 0


def test_the_demo_can_be_loaded_again_without_doubling_anything(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    first = figures(capsys)
    counts = (Relance.objects.count(), Reponse.objects.count())
    demo_suivi(reseau_demo)
    assert figures(capsys) == first and (Relance.objects.count(), Reponse.objects.count()) == counts


def test_without_the_demo_atelier_nothing_happens(reseau, db):
    assert demo_suivi(reseau) is None


def test_the_demo_sets_the_three_testifying_collectivites_apart(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["collectivites_intervenantes"] == 3 and row["intervenants_presents"] == 5
    assert row["nouvelles_collectivites"] == 4 and row["deja_connues"] + row["deja_engagees"] > 4


def test_the_2024_bilan_tells_the_same_story_as_the_demo_fiche(reseau_demo):
    import datetime

    from passerelles.ateliers.suivi.bilan import bilan_activite
    from passerelles.mobilisation.models import PREUVES_OBSERVEES, ChangementEtape

    atelier = demo_suivi(reseau_demo)
    bilan = bilan_activite(
        reseau_demo,
        debut=datetime.date(2024, 1, 1),
        fin=datetime.date(2024, 12, 31),
        today=datetime.date(2025, 3, 1),
    )
    chiffres = bilan["chiffres"]
    # The fiche: « Quatre collectivités nouvelles pour le réseau seulement », « Aucune suite ».
    assert chiffres["nouvelles_collectivites"] == 4 and chiffres["signes_de_changement"] == 0
    assert chiffres["relances_ateliers_faites_a_temps"] == 0 and chiffres["relances_ateliers_en_retard"] > 0
    after = ChangementEtape.objects.filter(reseau=reseau_demo, quand__date__gte=atelier.date)
    assert not after.filter(preuve__in=PREUVES_OBSERVEES).exists()
