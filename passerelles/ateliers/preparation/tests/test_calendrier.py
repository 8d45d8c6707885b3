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


def confirmation_ics(atelier, reseau, mailoutbox, capture, email: str) -> Calendar:
    from django.core.management import call_command

    from passerelles.courriels import expedition as envoi

    with capture(execute=True):
        queue_message(
            reseau=reseau,
            objet=atelier,
            cle=f"confirmation:{email}",
            nature="confirmation",
            destinataire=email,
            sujet="Inscription confirmée",
            corps="Bonjour",
            pieces_jointes=["ics"],
        )
        envoi.kick()
    call_command("worker", batch=True, interval=0, verbosity=0)
    return Calendar.from_ical(mailoutbox[-1].attachments[0][1])


def test_the_ics_sent_to_a_registrant_links_to_their_own_page_and_says_how_to_cancel(
    atelier, reseau, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.preparation.models import Sequence

    settings.SITE_URL = "https://passerelles.example.org"
    reseau.expediteur_nom, reseau.expediteur_email = "CENTRAIDER", "contact@centraider.example.org"
    reseau.save()
    atelier.lieu_adresse = "11 rue Jacques-Rimbault"
    atelier.save()
    Sequence.objects.create(
        atelier=atelier, ordre=1, titre="Accueil", debut=datetime.time(9, 30), fin=datetime.time(10)
    )
    Sequence.objects.create(atelier=atelier, ordre=2, titre="Témoignages", debut=datetime.time(10))
    inscription = Inscription.objects.create(
        reseau=reseau, atelier=atelier, nom="Martin", prenom="Camille", email="camille@example.org"
    )

    calendar = confirmation_ics(
        atelier, reseau, mailoutbox, django_capture_on_commit_callbacks, "camille@example.org"
    )

    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Paris" and calendar.walk("STANDARD") and calendar.walk("DAYLIGHT")
    event = calendar.walk("VEVENT")[0]
    gestion = f"https://passerelles.example.org/ateliers/inscription/g/{inscription.jeton}/"
    assert str(event["url"]) == gestion
    assert str(event["organizer"]) == "mailto:contact@centraider.example.org"
    assert event["organizer"].params["CN"] == "CENTRAIDER"
    assert str(event["description"]).splitlines() == [
        f"Organisé par {reseau.nom}.",
        "Lieu\u00a0: Hôtel de ville, 11 rue Jacques-Rimbault, Bourges.",
        "",
        "Programme\u00a0:",
        "9\u00a0h\u00a030–10\u00a0h\u00a0: Accueil",
        "10\u00a0h\u00a0: Témoignages",
        "",
        f"Pour modifier ou annuler votre inscription\u00a0: {gestion}",
    ]


def test_the_downloadable_ics_links_to_the_public_registration_page(atelier, reseau, settings):
    settings.SITE_URL = "https://passerelles.example.org"
    event = Calendar.from_ical(atelier_ics(atelier)).walk("VEVENT")[0]
    public = f"https://passerelles.example.org/ateliers/inscription/{atelier.jeton_public}/"
    assert str(event["url"]) == public
    assert str(event["description"]).endswith(f"Inscription\u00a0: {public}")
    assert event["organizer"].params["CN"] == reseau.nom
