"""A dossier starts where the lead is, and remembers it: the collectivité's funding block,
a relance, a survey answer, an atelier's follow-up page."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_member
from passerelles.accompagnement.models import Dossier, Origine
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import inscrire, make_atelier
from passerelles.leviers.models import Instrument, PointEntree
from passerelles.mobilisation.models import Relance

pytestmark = pytest.mark.django_db


def _prepare(client, collectivite, query: str, instrument) -> Dossier:
    url = f"/accompagnement/nouveau/{collectivite.pk}/?{query}"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"instrument": instrument.pk, "suivi_par": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.latest("pk")


def test_from_the_funding_block_the_dossier_records_the_collectivite_page(
    client_membre, nerondes, cles_en_main
):
    dossier = _prepare(client_membre, nerondes, "instrument=cles-en-main", cles_en_main)
    assert dossier.origine == Origine.COLLECTIVITE and dossier.collectivite == nerondes


def test_from_a_relance_the_dossier_records_it(client_membre, reseau, membre, nerondes, cles_en_main):
    relance = Relance.objects.create(
        reseau=reseau,
        titre="Rappeler la mairie",
        echeance=timezone.localdate(),
        responsable=membre,
        collectivite=nerondes,
    )
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert f"/accompagnement/nouveau/{nerondes.pk}/?relance={relance.pk}" in html
    dossier = _prepare(client_membre, nerondes, f"relance={relance.pk}", cles_en_main)
    assert dossier.origine == Origine.RELANCE
    assert "Rappeler la mairie" in dossier.origine_libelle
    assert "Rappeler la mairie" in client_membre.get(dossier.get_absolute_url()).content.decode()


def test_another_reseaus_relance_is_no_lead(client_membre, autre_reseau, nerondes, cles_en_main):
    relance = Relance.objects.create(
        reseau=autre_reseau,
        titre="Secret de l'autre réseau",
        echeance=timezone.localdate(),
        responsable=make_member("autre", autre_reseau),
        collectivite=nerondes,
    )
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/?relance={relance.pk}").content.decode()
    assert "Secret" not in page
    dossier = _prepare(client_membre, nerondes, f"relance={relance.pk}", cles_en_main)
    assert dossier.origine == Origine.SAISIE and dossier.origine_libelle == ""


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
    assert "rendez-vous demandé dans l&#x27;enquête" in suivi
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/?reponse={reponse.pk}").content.decode()
    dctciv = Instrument.objects.get(code="aap-dctciv")  # the only instrument of « tourisme »
    assert f'<option value="{dctciv.pk}" selected>' in page
    dossier = _prepare(client_membre, nerondes, f"reponse={reponse.pk}", cles_en_main)
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
    dossier = _prepare(client_membre, nerondes, f"atelier={atelier.pk}", cles_en_main)
    assert dossier.origine == Origine.ATELIER
    assert "Coopérer depuis un bourg rural" in dossier.origine_libelle
