"""The demo's Bourges atelier after the day reproduces the seed."""

import json

import pytest
from django.core.management import call_command

from passerelles.ateliers.demo_suivi import demo_atelier, demo_suivi
from passerelles.ateliers.models import Reponse
from passerelles.core.demo import demo_load
from passerelles.core.models import Reseau
from passerelles.mobilisation.models import Relance

pytestmark = pytest.mark.django_db


@pytest.fixture
def reseau_demo(settings):
    """The whole demo: the planning area's Bourges atelier, then its after-the-day."""
    settings.DEBUG = True
    return demo_load()


def figures(capsys) -> dict:
    bourges = demo_atelier(Reseau.objects.get(slug="centraider"))
    call_command("atelier_indicateurs", reseau="centraider", atelier=bourges.pk, format="json")
    return json.loads(capsys.readouterr().out)[0]


def test_the_demo_atelier_shows_four_newcomers_among_mostly_convinced_participants(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["nouvelles_collectivites"] == 4
    assert row["deja_connues"] + row["deja_engagees"] > 4
    assert (
        row["part_trop_technique"] < row["part_trop_institutionnel"]
        and row["part_trop_institutionnel"] >= 0.5
    )


def test_the_demo_follow_up_was_never_done(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["relances_faites_a_temps"] == 0 and row["relances_en_retard"] == row["relances_total"] > 0
    assert Relance.objects.filter(origine__contains=":absent:").count() == row["absents"] > 0
    # Whether it changed anything cannot be told from so few: the seed's own conclusion.
    assert row["progression_6_mois"]["conclusion"] == "trop peu pour conclure"


def test_the_demo_can_be_loaded_again_without_doubling_anything(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    first = figures(capsys)
    counts = (Relance.objects.count(), Reponse.objects.count())
    demo_suivi(reseau_demo)
    assert figures(capsys) == first and (Relance.objects.count(), Reponse.objects.count()) == counts


def test_without_the_demo_atelier_nothing_happens(reseau, db):
    assert demo_suivi(reseau) is None
