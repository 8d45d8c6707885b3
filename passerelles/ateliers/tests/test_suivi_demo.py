"""The demo's Bourges atelier after the day reproduces the seed."""

import datetime
import json

import pytest
from django.core.management import call_command

from passerelles.ateliers.demo_suivi import demo_suivi
from passerelles.ateliers.models import Atelier, Reponse
from passerelles.core.demo import demo_load
from passerelles.mobilisation.models import Relance
from passerelles.territoires.models import Collectivite

from .donnees_suivi import inscrire

pytestmark = pytest.mark.django_db
# A minimal stand-in for the atelier that the demo of the planning area creates.
PRESENTES = [("region", "24"), ("commune", "18033"), ("epci", "200007177")] + [
    ("commune", code)
    for code in ("18279", "18197", "18141", "18018", "18241", "18160", "18050", "18001", "18004")
]


@pytest.fixture
def reseau_demo(settings):
    settings.DEBUG = True
    reseau = demo_load()
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international : pourquoi pas votre collectivité ?",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
        statut="clos",
        illustratif=True,
    )
    for type_, code in PRESENTES:
        inscrire(atelier, Collectivite.objects.get(type=type_, code=code))
    inscrire(atelier, Collectivite.objects.get(type="commune", code="18028"), present=False)
    return reseau


def figures(capsys) -> dict:
    call_command("atelier_indicateurs", reseau="centraider", format="json")
    return json.loads(capsys.readouterr().out)[0]


def test_the_demo_atelier_shows_four_newcomers_among_mostly_convinced_participants(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["nouvelles_collectivites"] == 4
    assert row["deja_engagees"] == 3 and row["deja_connues"] + row["deja_engagees"] > 4
    assert (
        row["part_trop_technique"] < row["part_trop_institutionnel"]
        and row["part_trop_institutionnel"] >= 0.5
    )


def test_the_demo_follow_up_was_never_done(reseau_demo, capsys):
    demo_suivi(reseau_demo)
    row = figures(capsys)
    assert row["relances_faites_a_temps"] == 0 and row["relances_en_retard"] == row["relances_total"] > 0
    assert Relance.objects.filter(origine__contains=":absent:").count() == 1
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
