"""When an atelier happens, in French words and as an .ics event sent with its confirmations."""

import datetime

import pytest
from icalendar import Calendar

from passerelles.ateliers.preparation.calendrier import atelier_ics, quand
from passerelles.ateliers.preparation.models import Atelier
from passerelles.courriels.services import queue_message
from passerelles.territoires.models import Collectivite


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
        lieu_nom="Hôtel de ville",
    )


def test_an_atelier_says_when_it_happens(atelier):
    assert quand(atelier) == "mardi 14\u00a0mai 2024, de 9\u00a0h\u00a030 à 12\u00a0h\u00a030"


def test_the_ics_event_is_in_paris_time_at_the_venue(atelier):
    event = Calendar.from_ical(atelier_ics(atelier)).walk("VEVENT")[0]
    assert event["summary"] == "Agir à l'international"
    assert event.decoded("dtstart").isoformat() == "2024-05-14T09:30:00+02:00"
    assert "Bourges" in str(event["location"])


def test_the_worker_sends_a_queued_message_with_its_message_id_and_ics(
    atelier, reseau, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from passerelles.courriels import expedition as envoi

    with django_capture_on_commit_callbacks(execute=True):
        message, _ = queue_message(
            reseau=reseau,
            objet=atelier,
            cle="confirmation:1",
            nature="confirmation",
            destinataire="a@b.fr",
            sujet="Inscription confirmée",
            corps="Bonjour",
            pieces_jointes=["ics"],
        )
        envoi.kick()
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == [message.message_id]
    assert mailoutbox[0].attachments[0][0] == "atelier.ics"
    message.refresh_from_db()
    assert message.etat == "envoye"


def test_the_venue_names_its_commune_once(atelier):
    from passerelles.ateliers.preparation.documents import lieu

    atelier.lieu_adresse = "11 rue Jacques-Rimbault, 18000 Bourges"
    assert lieu(atelier) == "Hôtel de ville, 11 rue Jacques-Rimbault, 18000 Bourges"
    atelier.lieu_adresse = "11 rue Jacques-Rimbault"
    assert lieu(atelier) == "Hôtel de ville, 11 rue Jacques-Rimbault, Bourges"


def test_the_ics_file_defines_its_time_zone_for_outlook(atelier):
    calendar = Calendar.from_ical(atelier_ics(atelier))
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Paris"
    assert calendar.walk("VEVENT")[0]["dtstart"].params["TZID"] == "Europe/Paris"
