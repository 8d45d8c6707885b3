"""French typography of dates and hours, the atelier as an .ics event, idempotent queueing."""

import datetime

import pytest
from icalendar import Calendar

from passerelles.ateliers.envois import queue_message
from passerelles.ateliers.models import Message
from passerelles.ateliers.preparation.calendrier import atelier_ics, quand
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.francais import date_longue, guillemets, heure
from passerelles.territoires.models import Collectivite


def test_dates_and_hours_are_written_the_french_way():
    assert date_longue(datetime.date(2024, 5, 14)) == "mardi 14\u00a0mai 2024"
    assert date_longue(datetime.date(2024, 6, 1)) == "samedi 1er\u00a0juin 2024"
    assert heure(datetime.time(9, 30)) == "9\u00a0h\u00a030"
    assert heure(datetime.time(14, 0)) == "14\u00a0h"
    assert guillemets("AECT") == "«\u202fAECT\u202f»"


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


def test_queueing_twice_with_the_same_key_makes_one_message(atelier, reseau):
    first, created = queue_message(
        reseau=reseau,
        atelier=atelier,
        cle="x:1",
        nature="invitation",
        destinataire="a@b.fr",
        sujet="s",
        corps="c",
    )
    again, created_again = queue_message(
        reseau=reseau,
        atelier=atelier,
        cle="x:1",
        nature="invitation",
        destinataire="a@b.fr",
        sujet="s",
        corps="c",
    )
    assert (created, created_again, first.pk == again.pk) == (True, False, True)
    assert (
        Message.objects.count() == 1 and first.message_id.startswith("<") and first.message_id.endswith(">")
    )


def test_the_worker_sends_a_queued_message_with_its_message_id_and_ics(
    atelier, reseau, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from passerelles.ateliers import envoi

    with django_capture_on_commit_callbacks(execute=True):
        message, _ = queue_message(
            reseau=reseau,
            atelier=atelier,
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
