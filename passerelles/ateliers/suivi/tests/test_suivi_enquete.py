"""The satisfaction survey: sent to those who came, answered on a phone by a personal link,
editable until it closes, abuse-proof."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.ateliers.suivi.enquete import enquete_send, questionnaire_for, verbatims
from passerelles.ateliers.suivi.models import Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, inscrire, make_atelier
from passerelles.contacts.models import Role
from passerelles.courriels.models import Message
from passerelles.mobilisation.models import Relance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_table(db):
    """The rate limit counts in the database, shared by server processes."""
    call_command("createcachetable", verbosity=0)
    caches["compteurs"].clear()


@pytest.fixture
def atelier(reseau, membre):
    return make_atelier(reseau, responsable=membre, date=timezone.localdate() - datetime.timedelta(days=2))


@pytest.fixture
def reponse(atelier):
    inscription = inscrire(atelier, commune("18160"), email="maire@nerondes.example")
    enquete_send(atelier, base_url="http://testserver/")
    return Reponse.objects.get(inscription=inscription)


def url_of(reponse) -> str:
    return f"/ateliers/enquete/{reponse.jeton}/"


def test_each_person_present_receives_a_personal_link_once(
    atelier, mailoutbox, django_capture_on_commit_callbacks
):
    present = inscrire(atelier, commune("18160"), email="present@exemple.fr")
    inscrire(atelier, commune("18033"), email="absent@exemple.fr", present=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert enquete_send(atelier, base_url="http://passerelles.example/") == 1
        assert enquete_send(atelier, base_url="http://passerelles.example/") == 0
    message = Message.objects.get()
    assert (message.cle, message.nature, message.destinataire) == (
        f"enquete:{present.pk}",
        "enquete",
        "present@exemple.fr",
    )
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert [m.to for m in mailoutbox] == [["present@exemple.fr"]]
    link = re.search(r"http://passerelles\.example(/ateliers/enquete/[\w-]+/)", mailoutbox[0].body).group(1)
    jeton = link.split("/")[-2]
    assert len(jeton) * 6 >= 128 and Reponse.objects.get(jeton=jeton).inscription == present


def test_the_survey_is_answered_without_an_account_and_stored(client, reponse):
    page = client.get(url_of(reponse))
    assert page.status_code == 200 and "trop techniques" in page.content.decode()
    assert "De 1 (pas du tout) à 5 (tout à fait)." in page.content.decode()  # the scale says its ends
    response = client.post(
        url_of(reponse),
        {
            "satisfaction": "4",
            "trop_technique": "non",
            "trop_institutionnel": "oui",
            "points_entree": ["jumelage-jeunesse"],
            "rendez_vous": "oui",
            "rendez_vous_quand": "dans le mois",
            "commentaire": "Trop de sigles le matin.",
            "citation": "on",
        },
    )
    assert response.status_code == 200 and "votre réponse est enregistrée" in response.content.decode()
    reponse.refresh_from_db()
    assert reponse.valeurs["satisfaction"] == 4 and reponse.valeurs["trop_institutionnel"] is True
    assert reponse.valeurs["rendez_vous"] == {"souhaite": True, "quand": "dans le mois"}
    assert reponse.citation_autorisee and reponse.repondu_le is not None


def test_a_meeting_request_creates_the_relance_at_once(client, reponse, membre):
    client.post(url_of(reponse), {"rendez_vous": "oui"})
    relance = Relance.objects.get(origine__contains=":interet:")
    assert relance.responsable == membre and relance.collectivite.nom == "Nérondes"


def test_an_answer_can_be_changed_until_the_survey_closes(client, reponse):
    client.post(url_of(reponse), {"satisfaction": "2"})
    client.post(url_of(reponse), {"satisfaction": "5"})
    reponse.refresh_from_db()
    assert reponse.valeurs["satisfaction"] == 5
    questionnaire = reponse.questionnaire
    questionnaire.ferme_le = datetime.date(2024, 6, 1)
    questionnaire.save()
    page = client.post(url_of(reponse), {"satisfaction": "1"}).content.decode()
    reponse.refresh_from_db()
    assert reponse.valeurs["satisfaction"] == 5 and "clos depuis le 1er\u00a0juin 2024" in page


def test_a_robot_filling_the_hidden_field_is_refused_and_nothing_is_saved(client, reponse):
    response = client.post(url_of(reponse), {"satisfaction": "5", "site_web": "http://spam.example"})
    reponse.refresh_from_db()
    assert response.status_code == 400 and reponse.repondu_le is None


def test_an_unknown_link_reveals_nothing(client, reponse):
    response = client.get("/ateliers/enquete/" + "x" * 32 + "/")
    assert response.status_code == 404 and "Agir" not in response.content.decode()


def test_too_many_requests_from_one_address_are_slowed_down_in_french(client, reponse):
    # 45 requests: even if a rate window ends among them, one window sees more than 20.
    responses = [client.post(url_of(reponse), {"satisfaction": "3"}) for _ in range(45)]
    assert responses[0].status_code == 200
    limited = [r for r in responses if r.status_code == 429]
    assert limited and "Patientez une minute" in limited[0].content.decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "satisfaction",
                "trop_technique",
                "points_entree",
                "rendez_vous",
                "rendez_vous_quand",
                "commentaire",
                "citation",
                "site_web",
                "x",
            ]
        ),
        st.one_of(st.text(max_size=3000), st.lists(st.text(max_size=20), max_size=4)),
    )
)
def test_no_input_ever_makes_a_server_error(client, reponse, data):
    caches["compteurs"].clear()
    response = client.post(url_of(reponse), data)
    assert response.status_code in (200, 400)


def test_staff_edit_the_questions_of_an_atelier(client_membre, atelier):
    questionnaire = questionnaire_for(atelier)
    data = {"ferme_le": "2024-07-01", "nouvelle_question": "Reviendriez-vous ?", "nouvelle_type": "oui_non"}
    for index, question in enumerate(questionnaire.questions):
        data[f"libelle_{index}"] = question["libelle"]
        data[f"garder_{index}"] = "on" if question["code"] != "trop_technique" else ""
    data["libelle_0"] = "Note globale"
    assert client_membre.post(f"/ateliers/{atelier.pk}/questionnaire/", data).status_code == 302
    questionnaire.refresh_from_db()
    codes = [q["code"] for q in questionnaire.questions]
    assert "trop_technique" not in codes and codes[-1] == "libre_1"
    assert questionnaire.questions[0][
        "libelle"
    ] == "Note globale" and questionnaire.ferme_le == datetime.date(2024, 7, 1)


def test_only_comments_with_consent_become_verbatims_without_names(atelier, reseau):
    questionnaire = questionnaire_for(atelier)
    maire = Role.objects.filter(libelle__icontains="maire").first() or Role.objects.first()
    for consent, text in ((True, "Enfin du concret."), (False, "Ne pas citer.")):
        inscription = inscrire(atelier, commune("18160"), role=maire, nom="Nommée (démo)")
        Reponse.objects.create(
            reseau=reseau,
            questionnaire=questionnaire,
            inscription=inscription,
            valeurs={"commentaire": text},
            citation_autorisee=consent,
            repondu_le=datetime.datetime(2024, 5, 20, tzinfo=datetime.UTC),
        )
    found = verbatims(atelier)
    assert [v["texte"] for v in found] == ["Enfin du concret."]
    assert "Nommée" not in found[0]["auteur"] and "Nérondes" not in found[0]["auteur"]
    assert "commune" in found[0]["auteur"]


def test_a_wrong_closing_date_or_question_type_is_explained_and_nothing_changes(client_membre, atelier):
    questionnaire = questionnaire_for(atelier)
    before = list(questionnaire.questions)
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/questionnaire/",
        {"ferme_le": "31/02/2024", "nouvelle_question": "x" * 400, "nouvelle_type": "fichier"},
    )
    questionnaire.refresh_from_db()
    assert response.status_code == 200 and "Vérifiez les champs signalés" in response.content.decode()
    assert questionnaire.questions == before
