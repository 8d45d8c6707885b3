"""When an atelier happens: in French words for pages and emails, and as an iCalendar event
(RFC 5545), attached to confirmations and downloadable."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from passerelles.core.francais import date_longue, plage

from .models import Atelier, StatutAtelier


def atelier_event(atelier: Atelier, *, description: str = "", url: str = "") -> Event:
    """The atelier as one event, in the réseau's time zone (Paris)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"atelier-{atelier.pk}-{atelier.jeton_public[:12]}@passerelles")
    event.add("sequence", atelier.sequence)
    event.add("summary", atelier.titre)
    event.add("dtstart", datetime.datetime.combine(atelier.date, atelier.heure_debut, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(atelier.date, atelier.heure_fin, tzinfo=zone))
    event.add("dtstamp", atelier.modifie_le or datetime.datetime.now(tz=zone))
    location = ", ".join(part for part in (atelier.lieu_nom, atelier.lieu_adresse, _commune(atelier)) if part)
    if location:
        event.add("location", location)
    event.add("description", description or f"Organisé par {atelier.reseau.nom}.")
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if atelier.statut == StatutAtelier.ANNULE else "CONFIRMED")
    return event


def calendar_ics(events: list[Event], *, nom: str = "", method: str = "PUBLISH") -> bytes:
    """An iCalendar file (RFC 5545) of the events, with the definition of their time zone
    (VTIMEZONE), which Outlook needs to place a time given by its zone's name."""
    calendar = Calendar()
    calendar.add("prodid", "-//Passerelles//Ateliers//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if nom:
        calendar.add("x-wr-calname", nom)
    for event in events:
        calendar.add_component(event)
    if events:
        # The zone's changes of time over the years the events span, not every year since 1970.
        years = [event.decoded("dtstart").year for event in events]
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years), 1, 1), last_date=datetime.date(max(years) + 1, 1, 1)
        )
    return calendar.to_ical()


def atelier_ics(atelier: Atelier) -> bytes:
    return calendar_ics([atelier_event(atelier)])


def atelier_ics_pour(atelier: Atelier, *, method: str, organisateur: str, participant: str) -> bytes:
    """The event sent to one person as an update (REQUEST) or a withdrawal (CANCEL): calendars
    apply it to the event of the same UID they hold, naming who organises and who attends."""
    event = atelier_event(atelier)
    event.add("organizer", f"mailto:{organisateur}", parameters={"CN": atelier.reseau.nom})
    event.add("attendee", f"mailto:{participant}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    return calendar_ics([event], method=method)


def _commune(atelier: Atelier) -> str:
    return atelier.lieu_collectivite.nom if atelier.lieu_collectivite else ""


def quand(atelier) -> str:
    """mardi 14 mai 2024, de 9 h 30 à 12 h 30"""
    return f"{date_longue(atelier.date)}, {plage(atelier.heure_debut, atelier.heure_fin)}"
