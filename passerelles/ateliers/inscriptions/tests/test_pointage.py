"""Check-in actions queued by a tablet and sent later: each key applied once, the most recent
action on a person wins, walk-ins never added twice, and bad batches answered in French."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.ateliers.inscriptions import pointage, services
from passerelles.ateliers.inscriptions.models import ActionPointage, Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier

pytestmark = pytest.mark.django_db
SITE = "https://passerelles.example.org"


@pytest.fixture
def atelier(reseau, membre):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate(),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


@pytest.fixture
def inscrits(atelier):
    people = []
    for nom in ("Martin", "Bernard", "Petit"):
        personne = Personne(
            nom=nom, prenom="Camille", email=f"{nom.lower()}@exemple.fr", structure="Jumelage"
        )
        people.append(services.inscription_register(atelier=atelier, personne=personne, site_url=SITE)[0])
    return people


def ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def tick(inscription, present=True, at=None, cle=None):
    return {
        "cle": str(cle or uuid.uuid4()),
        "genre": "presence" if present else "absence",
        "le": ms(at or timezone.now()),
        "inscription": inscription.pk,
    }


def walk_in(nom, at=None, cle=None, **champs):
    return {
        "cle": str(cle or uuid.uuid4()),
        "genre": "sur_place",
        "le": ms(at or timezone.now()),
        "champs": {"prenom": "Lou", "nom": nom, "structure": "Comité de jumelage", **champs},
    }


def sync(client, atelier, actions):
    url = reverse("ateliers:accueil_synchroniser", args=[atelier.pk])
    return client.post(url, json.dumps({"actions": actions}), content_type="application/json")


def test_a_batch_sent_twice_ticks_each_person_and_adds_each_walk_in_once(client_membre, atelier, inscrits):
    actions = [tick(person) for person in inscrits] + [walk_in("Roux"), walk_in("Faure")]
    first = sync(client_membre, atelier, actions).json()
    again = sync(client_membre, atelier, actions).json()

    assert [r["statut"] for r in first["resultats"]] == ["appliquee"] * 5
    assert [r["statut"] for r in again["resultats"]] == ["deja_appliquee"] * 5
    assert [r["inscription"] for r in again["resultats"]] == [r["inscription"] for r in first["resultats"]]
    assert atelier.inscriptions.filter(present=True).count() == 5
    assert atelier.inscriptions.filter(source="sur_place").count() == 2
    assert ActionPointage.objects.filter(atelier=atelier).count() == 5
    assert first["compteurs"]["presents"] == 5 and first["compteurs"]["sans_inscription"] == 2


def test_the_most_recent_action_wins_and_an_older_one_arriving_later_is_merged(
    client_membre, atelier, inscrits
):
    martin = inscrits[0]
    ten_o_five = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    # Tablet B unticked Martin at 10:05 and synced; tablet A's tick of 10:00 arrives after.
    sync(client_membre, atelier, [tick(martin, present=False, at=ten_o_five)])
    answer = sync(client_membre, atelier, [tick(martin, at=ten_o_five - datetime.timedelta(minutes=5))])

    assert [r["statut"] for r in answer.json()["resultats"]] == ["fusionnee"]
    martin.refresh_from_db()
    assert not martin.present
    ten_o_six = ten_o_five + datetime.timedelta(seconds=30)
    later = sync(client_membre, atelier, [tick(martin, at=ten_o_six)])
    assert [r["statut"] for r in later.json()["resultats"]] == ["appliquee"]
    martin.refresh_from_db()
    assert martin.present and martin.arrive_le == ten_o_six


def test_a_tablet_clock_ahead_of_the_server_cannot_win_forever(atelier, inscrits, membre):
    ahead = pointage.parse({"actions": [tick(inscrits[0], at=timezone.now() + datetime.timedelta(days=1))]})
    assert ahead[0].horodate <= timezone.now()


def test_a_tick_of_a_walk_in_added_offline_names_it_by_the_walk_ins_key(client_membre, atelier):
    added = walk_in("Roux")
    untick = {"cle": str(uuid.uuid4()), "genre": "absence", "le": added["le"] + 1000, "ajout": added["cle"]}
    answer = sync(client_membre, atelier, [untick, added]).json()

    roux = Inscription.objects.get(atelier=atelier, nom="Roux")
    assert [r["statut"] for r in answer["resultats"]] == ["appliquee", "appliquee"]
    assert not roux.present and roux.sur_place


def test_a_walk_in_without_collectivite_or_structure_is_refused_in_french_and_not_recorded(
    client_membre, atelier
):
    answer = sync(client_membre, atelier, [walk_in("Roux", structure="")]).json()
    [result] = answer["resultats"]
    assert result["statut"] == "refusee"
    assert "Indiquez votre collectivité" in result["erreur"]
    assert not ActionPointage.objects.exists() and not Inscription.objects.filter(nom="Roux").exists()


def test_a_tick_of_someone_of_another_atelier_is_refused(client_membre, atelier, reseau, inscrits):
    other = Atelier.objects.create(
        reseau=reseau,
        titre="Autre",
        date=timezone.localdate(),
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )
    answer = sync(client_membre, other, [tick(inscrits[0])]).json()
    assert answer["resultats"][0]["statut"] == "refusee"
    inscrits[0].refresh_from_db()
    assert not inscrits[0].present


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"actions": 3}', b'{"actions": [{"cle": "x", "genre": "presence", "le": 1}]}', b"[]"],
)
def test_a_batch_that_is_not_what_the_page_sends_gets_a_french_400(client_membre, atelier, body):
    url = reverse("ateliers:accueil_synchroniser", args=[atelier.pk])
    response = client_membre.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["erreur"].startswith("Envoi illisible")


def test_the_list_the_page_keeps_names_everyone_with_their_check_in_code(client_membre, atelier, inscrits):
    response = client_membre.get(reverse("ateliers:accueil_liste", args=[atelier.pk]))
    personnes = response.json()["personnes"]
    assert [p["nom"] for p in personnes] == ["Camille Bernard", "Camille Martin", "Camille Petit"]
    assert personnes[0]["code"] == inscrits[1].jeton_accueil and personnes[0]["qui"] == "Jumelage"


def test_the_service_worker_is_served_beside_the_page_it_keeps(client_membre, atelier):
    response = client_membre.get(reverse("ateliers:accueil_sw", args=[atelier.pk]))
    assert response["Content-Type"].startswith("text/javascript")
    assert f'const PAGE = "/ateliers/{atelier.pk}/accueil/"' in response.content.decode()


def test_the_check_in_page_serves_the_qr_reader_from_the_application_and_works_without_it(
    client_membre, atelier, settings, tmp_path
):
    page = client_membre.get(reverse("ateliers:accueil", args=[atelier.pk])).content.decode()
    assert '<script src="/static/ateliers/vendor/jsqr/jsQR.js" defer></script>' in page
    assert "https://" not in page.split("<main", 1)[1]  # no script or style from elsewhere

    settings.JSQR_DIST = tmp_path / "absent"
    response = client_membre.get(reverse("ateliers:accueil", args=[atelier.pk]))
    assert response.status_code == 200 and "jsQR.js" not in response.content.decode()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
forged_actions = st.fixed_dictionaries(
    {},
    optional={
        "cle": st.one_of(st.uuids().map(str), json_values),
        "genre": st.one_of(st.sampled_from(["presence", "absence", "sur_place"]), json_values),
        "le": st.one_of(st.integers(), st.floats(), json_values),
        "inscription": st.one_of(st.integers(), json_values),
        "ajout": st.one_of(st.uuids().map(str), json_values),
        "champs": st.one_of(
            st.dictionaries(st.sampled_from(["prenom", "nom", "structure", "email"]), st.text()), json_values
        ),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.one_of(st.lists(forged_actions, max_size=5), json_values))
def test_whatever_a_forged_sync_sends_the_answer_is_never_a_server_error(client_membre, atelier, actions):
    response = sync(client_membre, atelier, actions)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["erreur"].startswith(("Envoi illisible", "Trop d'actions"))
