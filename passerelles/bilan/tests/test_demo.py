"""The demo réseau's year in its bilan: plausible, fictitious and labelled, and owing nothing
to the seed's Bourges atelier, which had no follow-up."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from passerelles.accompagnement.models import ChangementDossier
from passerelles.bilan.models import ActionCoordination, Objectif
from passerelles.bilan.rapport import bilan_annuel
from passerelles.demo.reseau import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def reseau_demo(settings):
    settings.DEBUG = True
    return demo_load()


def test_the_demo_year_has_its_dossiers_objectives_coordination_and_relaunched_twinning(reseau_demo):
    year = timezone.localdate().year
    bilan = bilan_annuel(reseau_demo, year)
    etats = dict(bilan["dossiers"]["par_etat"])  # every demo dossier was prepared this year
    assert (etats["En montage"], etats["Déposé"], etats["Refusé"], etats["Retenu"]) == (2, 1, 1, 0)
    assert bilan["valeurs"]["actions_coordination"] == 2 and bilan["coordination"]["sans_nombre"] == 1
    relaunched = [s for s in bilan["observation"]["sources"] if s["collectivite"] == "Sancerre"]
    assert relaunched and relaunched[0]["illustratif"] and "(démonstration)" in relaunched[0]["intitule"]
    assert bilan["valeurs"]["engagements_commences"] >= 1
    figures = {f["cle"]: f for mission in bilan["missions"] for f in mission["figures"]}
    assert (
        figures["dossiers_deposes"]["objectif"] == 2 and figures["dossiers_deposes"]["atteinte"] is not None
    )
    assert bilan["demonstration"]


def test_the_demo_refusal_is_reported_with_its_reason_in_the_year_it_was_decided(reseau_demo):
    refusal = ChangementDossier.objects.get(reseau=reseau_demo, nouvel="refuse")
    motifs = bilan_annuel(reseau_demo, timezone.localtime(refusal.quand).year)["dossiers"]["motifs"]
    assert [m["motif"] for m in motifs] == [refusal.motif] and refusal.motif.startswith("Refusé : partenaire")


def test_the_demo_s_year_owes_nothing_to_the_bourges_atelier(reseau_demo):
    texts = [
        a.titre + a.partenaires + a.description for a in ActionCoordination.objects.filter(reseau=reseau_demo)
    ]
    assert texts and all("(démonstration)" in text for text in texts)
    assert not [text for text in texts if "Bourges" in text or "atelier" in text.lower()]


def test_running_the_demo_again_adds_nothing(reseau_demo, settings):
    objectives, actions = Objectif.objects.count(), ActionCoordination.objects.count()
    call_command("demo")
    assert (Objectif.objects.count(), ActionCoordination.objects.count()) == (objectives, actions)


def test_the_demo_bilan_opens_on_its_year_and_marks_every_figure_demonstration(reseau_demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    page = client.get("/bilan/").content.decode()
    assert f"Bilan d'activité {timezone.localdate().year}" in page and "Réseau de démonstration" in page
    workbook = load_workbook(io.BytesIO(client.get("/bilan/?format=xlsx").content))
    assert {row[5] for row in workbook["Bilan"].iter_rows(min_row=2, values_only=True)} == {"démonstration"}
