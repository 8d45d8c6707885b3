"""Reminders: planned for J-7 and J-1 at 9 h, sent on the day to whoever has not answered yet,
each once; after the atelier, a word to those who came and to those who did not."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.invitations import rappels
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact, Role
from passerelles.courriels.models import Message
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )


def invite(atelier, nom, code="18033", role="maire"):
    commune = Collectivite.objects.get(type="commune", code=code)
    contact = Contact.objects.create(
        reseau=atelier.reseau,
        nom=nom,
        email=f"{nom.lower()}@exemple.fr",
        collectivite=commune,
        role=Role.objects.get(code=role),
    )
    return Invitation.objects.create(
        reseau=atelier.reseau, atelier=atelier, contact=contact, collectivite=commune, email=contact.email
    )


def register(atelier, invitation, **fields):
    return Inscription.objects.create(
        reseau=atelier.reseau,
        atelier=atelier,
        invitation=invitation,
        nom=invitation.contact.nom,
        email=invitation.email,
        contact=invitation.contact,
        **fields,
    )


@pytest.fixture
def invites(atelier):
    return {
        "muet": invite(atelier, "Muet"),
        "inscrit": invite(atelier, "Inscrit"),
        "annule": invite(atelier, "Annule"),
        "vierzon": invite(atelier, "Vierzon", code="18279", role="dgs"),
    }


def test_only_invitees_who_have_not_answered_are_reminded(atelier, invites):
    register(atelier, invites["inscrit"])
    register(atelier, invites["annule"], etat="annulee")  # cancelling is an answer too
    assert rappels.unanswered(atelier) == [invites["muet"], invites["vierzon"]]
    assert rappels.unanswered(atelier, {"collectivite": invites["vierzon"].collectivite_id}) == [
        invites["vierzon"]
    ]
    assert rappels.unanswered(atelier, {"role": Role.objects.get(code="maire").pk}) == [invites["muet"]]
    assert rappels.unanswered(atelier, {"invitations": [invites["muet"].pk]}) == [invites["muet"]]


def test_reminders_are_planned_for_nine_on_the_days_before(atelier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        planned = rappels.reminders_plan(atelier, [1, 7])
    expected = [
        datetime.datetime.combine(
            atelier.date - datetime.timedelta(days=days), datetime.time(9), tzinfo=PARIS
        )
        for days in (7, 1)
    ]
    assert planned == expected
    waiting = DBTaskResult.objects.filter(task_path=rappels.send_reminders.module_path, status="READY")
    assert sorted(task.run_after for task in waiting) == expected
    assert [days for _, days in rappels.planned_reminders(atelier)] == [7, 1]
    atelier.refresh_from_db()
    assert atelier.rappels_jours == [7, 1]


def test_a_reminder_run_twice_reaches_each_person_once(atelier, invites):
    register(atelier, invites["inscrit"])
    register(atelier, invites["annule"], etat="annulee")
    # J-7 was yesterday morning, whatever the hour the test runs (the reminder is late, not early).
    Atelier.objects.filter(pk=atelier.pk).update(date=timezone.localdate() + datetime.timedelta(days=6))
    first = rappels.send_reminders.call(atelier.pk, 7, {})
    again = rappels.send_reminders.call(atelier.pk, 7, {})
    relances = Message.objects.filter(nature="relance")
    assert (first, again) == (3, 0)
    assert sorted(relances.values_list("destinataire", flat=True)) == [
        "muet@exemple.fr",
        "vierzon@exemple.fr",
    ]
    rappel = Message.objects.get(nature="rappel")
    assert rappel.destinataire == "inscrit@exemple.fr" and rappel.pieces_jointes == ["ics"]
    assert "Il est encore temps de vous inscrire" in relances.first().corps
    assert invites["muet"].jeton in Message.objects.get(destinataire="muet@exemple.fr").corps


def test_a_reminder_of_a_cancelled_atelier_sends_nothing(atelier, invites):
    Atelier.objects.filter(pk=atelier.pk).update(statut="annule", date=timezone.localdate())
    assert rappels.send_reminders.call(atelier.pk, 0, {}) == 0
    assert not Message.objects.exists()


def test_after_the_day_those_who_came_are_thanked_and_the_others_told(atelier, invites, client_membre):
    Atelier.objects.filter(pk=atelier.pk).update(date=timezone.localdate() - datetime.timedelta(days=1))
    register(atelier, invites["inscrit"], present=True)
    register(atelier, invites["muet"])
    url = f"/ateliers/{atelier.pk}/rappels/"
    page = client_membre.get(url).content.decode()
    assert "Remerciement aux participants (1 personne)" in page
    for nature in ("merci", "absent"):
        response = client_membre.post(
            url,
            {
                "action": nature,
                f"{nature}-sujet": "Merci : {titre}",
                f"{nature}-corps": "{salutation},\nmerci.",
                "mode": "tous",
            },
        )
        assert response.status_code == 302
    # The worker queues them; here the task runs in place of the worker.
    for task in DBTaskResult.objects.filter(task_path=rappels.send_now.module_path):
        rappels.send_now.call(*task.args_kwargs["args"])
    assert dict(Message.objects.values_list("destinataire", "nature")) == {
        "inscrit@exemple.fr": "merci",
        "muet@exemple.fr": "absent",
    }
    assert Message.objects.get(nature="merci").corps == "Bonjour Inscrit,\nmerci."


def test_planning_with_bad_days_is_refused_in_french(atelier, client_membre):
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/rappels/", {"action": "programmer", "jours": "sept", "mode": "tous"}
    )
    assert "Indiquez des nombres de jours séparés par des virgules." in response.content.decode()
