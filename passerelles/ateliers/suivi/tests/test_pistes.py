"""An atelier leads to dossiers: a survey answer asking for a meeting or naming a subject,
and each collectivité present, from the follow-up page; the dossier records which."""

import datetime

import pytest
from django.utils import timezone

from passerelles.accompagnement.models import Origine
from passerelles.accompagnement.tests.test_origines import prepare
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.leviers.models import Instrument, PointEntree
from passerelles.territoires.models import Collectivite

from .donnees_suivi import inscrire, make_atelier

pytestmark = pytest.mark.django_db


@pytest.fixture
def nerondes():
    return Collectivite.objects.get(type="commune", code="18160")


@pytest.fixture
def cles_en_main():
    return Instrument.objects.get(code="cles-en-main")


@pytest.fixture
def atelier(reseau, membre):
    point = PointEntree.objects.get(code="alimentation")  # leads to three instruments
    return make_atelier(
        reseau, responsable=membre, titre="Coopérer depuis un bourg rural", point_entree=point
    )


def test_from_a_survey_answer_asking_for_a_meeting_the_instrument_is_prefilled(
    client_membre, reseau, atelier, nerondes, cles_en_main
):
    inscription = inscrire(atelier, nerondes)
    questionnaire = Questionnaire.objects.create(
        reseau=reseau, atelier=atelier, ferme_le=timezone.localdate() + datetime.timedelta(days=10)
    )
    reponse = Reponse.objects.create(
        reseau=reseau,
        questionnaire=questionnaire,
        inscription=inscription,
        valeurs={"rendez_vous": {"souhaite": True, "quand": "en juin"}, "points_entree": ["tourisme"]},
        repondu_le=timezone.now(),
    )
    suivi = client_membre.get(f"/ateliers/{atelier.pk}/suivi/").content.decode()
    assert f"/accompagnement/nouveau/{nerondes.pk}/?reponse={reponse.pk}" in suivi
    assert "rendez-vous demandé dans l'enquête" in suivi
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/?reponse={reponse.pk}").content.decode()
    dctciv = Instrument.objects.get(code="aap-dctciv")  # the only instrument of « tourisme »
    assert f'<option value="{dctciv.pk}" selected>' in page
    dossier = prepare(client_membre, nerondes, f"reponse={reponse.pk}", cles_en_main)
    assert dossier.origine == Origine.ENQUETE
    assert "Coopérer depuis un bourg rural" in dossier.origine_libelle


def test_from_the_atelier_follow_up_page_each_collectivite_present_leads_to_a_dossier(
    client_membre, atelier, nerondes, cles_en_main
):
    inscrire(atelier, nerondes)
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/?atelier={atelier.pk}").content.decode()
    choices = page.split('name="instrument"')[1].split("</select>")[0]
    assert '<option value="" selected>' in choices  # « alimentation » leads to three instruments: none chosen
    suivi = client_membre.get(f"/ateliers/{atelier.pk}/suivi/").content.decode()
    assert f"/accompagnement/nouveau/{nerondes.pk}/?atelier={atelier.pk}" in suivi
    dossier = prepare(client_membre, nerondes, f"atelier={atelier.pk}", cles_en_main)
    assert dossier.origine == Origine.ATELIER
    assert "Coopérer depuis un bourg rural" in dossier.origine_libelle
