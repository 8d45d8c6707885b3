"""The follow-up an atelier leaves behind: relances, a schedule, stages moved forward only."""

import datetime

import pytest
from django.core.management import call_command

from conftest import make_member
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.ateliers.suivi.relances import SuiviImpossible, echeancier, suivi_generate
from passerelles.ateliers.suivi.tests.donnees_suivi import (
    JOUR,
    commune,
    etape,
    inscrire,
    make_atelier,
    moment,
)
from passerelles.core.models import Travail
from passerelles.mobilisation.models import ChangementEtape, Interaction, Mobilisation, Relance

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau, membre):
    return make_atelier(reseau, responsable=membre)


def relances_of(atelier):
    return Relance.objects.filter(origine__startswith=f"atelier:{atelier.pk}:")


def test_each_collectivite_that_came_gets_a_schedule_at_15_90_and_180_days(atelier, membre):
    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    inscrire(atelier, nerondes)  # two people of the same commune: one schedule
    suivi_generate(atelier)
    relances = relances_of(atelier).filter(collectivite=nerondes)
    assert sorted((r.echeance - JOUR).days for r in relances) == [15, 90, 180]
    assert {r.responsable for r in relances} == {membre}


def test_a_participant_becomes_sensibilisee_with_the_reason_in_its_history(reseau, atelier):
    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    suivi_generate(atelier)
    assert Mobilisation.objects.get(reseau=reseau, collectivite=nerondes).etape == "sensibilisee"
    change = ChangementEtape.objects.get(reseau=reseau, collectivite=nerondes, nouvelle="sensibilisee")
    assert (
        change.motif
        == "a participé à l'atelier «\u202fAgir à l'international\u202f» du mardi 14\u00a0mai 2024"
    )
    assert Interaction.objects.filter(collectivite=nerondes, date=JOUR, type="evenement").count() == 1


def test_an_atelier_never_moves_a_stage_backwards(reseau, atelier):
    bourges, vierzon = commune("18033"), commune("18279")
    etape(reseau, bourges, "deja_engagee", datetime.date(2020, 1, 1))
    etape(reseau, vierzon, "interessee", datetime.date(2020, 1, 1))
    inscrire(atelier, bourges)
    inscrire(atelier, vierzon)
    suivi_generate(atelier)
    stages = dict(Mobilisation.objects.filter(reseau=reseau).values_list("collectivite__nom", "etape"))
    assert stages == {"Bourges": "deja_engagee", "Vierzon": "interessee"}


def test_running_the_follow_up_twice_creates_nothing_more(reseau, atelier):
    inscrire(atelier, commune("18160"))
    inscrire(atelier, commune("18033"), present=False)
    first = suivi_generate(atelier)
    counts = (relances_of(atelier).count(), ChangementEtape.objects.count(), Interaction.objects.count())
    again = suivi_generate(atelier)
    assert (first.relances, first.etapes) == (4, 1)
    assert (again.relances, again.etapes) == (0, 0)
    assert (
        relances_of(atelier).count(),
        ChangementEtape.objects.count(),
        Interaction.objects.count(),
    ) == counts


def test_registered_no_shows_get_a_relance_but_not_the_waiting_list_or_cancelled(atelier):
    absent = inscrire(atelier, commune("18033"), present=False, nom="Absente (démo)")
    inscrire(atelier, commune("18279"), present=False, etat="attente")
    inscrire(atelier, commune("18279"), present=False, etat="annulee")
    suivi_generate(atelier)
    relance = relances_of(atelier).get()
    assert relance.origine == f"atelier:{atelier.pk}:absent:{absent.pk}"
    assert "Absente (démo)" in relance.titre and relance.echeance == JOUR + datetime.timedelta(days=15)


def test_a_meeting_request_makes_a_relance_due_15_days_after_the_answer_and_an_interested_stage(
    reseau, atelier
):
    nerondes = commune("18160")
    inscription = inscrire(atelier, nerondes)
    questionnaire = Questionnaire.objects.create(
        reseau=reseau, atelier=atelier, ferme_le=datetime.date(2024, 6, 30)
    )
    Reponse.objects.create(
        reseau=reseau,
        questionnaire=questionnaire,
        inscription=inscription,
        valeurs={"rendez_vous": {"souhaite": True, "quand": "avant l'été"}},
        repondu_le=moment(datetime.date(2024, 5, 20)),
    )
    suivi_generate(atelier)
    relance = relances_of(atelier).get(origine__contains=":interet:")
    assert relance.echeance == datetime.date(2024, 6, 4)
    assert "avant l'été" in relance.note
    assert Mobilisation.objects.get(reseau=reseau, collectivite=nerondes).etape == "interessee"


def test_without_a_responsable_the_creator_gets_the_relances(reseau):
    createur = make_member("createur", reseau)
    atelier = make_atelier(reseau, cree_par=createur)
    inscrire(atelier, commune("18160"))
    suivi_generate(atelier)
    assert set(relances_of(atelier).values_list("responsable__username", flat=True)) == {"createur"}


def test_without_anyone_to_follow_up_the_follow_up_is_refused_in_french(reseau):
    atelier = make_atelier(reseau)
    with pytest.raises(SuiviImpossible, match="responsable"):
        suivi_generate(atelier)


def test_an_atelier_not_yet_held_has_no_follow_up(reseau, membre):
    atelier = make_atelier(reseau, responsable=membre, statut="clos")
    with pytest.raises(SuiviImpossible, match="Réalisé"):
        suivi_generate(atelier)


def test_the_follow_up_page_shows_what_is_late_and_what_is_due(atelier, client_membre):
    inscrire(atelier, commune("18160"))
    suivi_generate(atelier)
    groups = echeancier(atelier, today=JOUR + datetime.timedelta(days=100))
    assert [(r.echeance - JOUR).days for r in groups["en_retard"]] == [15, 90]
    assert [(r.echeance - JOUR).days for r in groups["a_venir"]] == [180]
    page = client_membre.get(f"/ateliers/{atelier.pk}/suivi/").content.decode()
    assert "En retard" in page and "Suivi J+15" in page


def test_the_atelier_page_launches_the_follow_up_in_the_background(
    atelier, client_membre, django_capture_on_commit_callbacks
):
    inscrire(atelier, commune("18160"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.post(f"/ateliers/{atelier.pk}/suivi/lancer/")
    assert response.status_code == 302 and not relances_of(atelier).exists()
    call_command("worker", batch=True, interval=0, verbosity=0)
    travail = Travail.objects.get()
    assert (travail.etat, travail.resultat) == ("termine", {"relances": 3, "etapes": 1})
    assert relances_of(atelier).count() == 3


def test_launching_before_the_atelier_is_held_says_why(reseau, membre, client_membre):
    atelier = make_atelier(reseau, responsable=membre, statut="clos")
    response = client_membre.post(f"/ateliers/{atelier.pk}/suivi/lancer/", follow=True)
    assert "une fois l'atelier marqué" in response.content.decode()
    assert not Travail.objects.exists()
