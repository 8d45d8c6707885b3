"""When an atelier happens: in French words for pages and emails, and as an iCalendar event
(RFC 5545), attached to confirmations and downloadable."""

import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from passerelles.core.francais import NBSP, date_longue, plage
from passerelles.courriels.expedition import sender

from .models import Atelier, StatutAtelier


def atelier_event(atelier: Atelier, *, description: str = "", url: str = "", gestion: str = "") -> Event:
    """The atelier as one event, in the réseau's time zone (Paris), organised by the réseau.
    `url` is the page the event links to (the registrant's own page when `gestion` is that
    link, else the public registration page); the description says what, where and how to
    cancel."""
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"atelier-{atelier.pk}-{atelier.jeton_public[:12]}@passerelles")
    event.add("sequence", atelier.sequence)
    event.add("summary", atelier.titre)
    event.add("dtstart", datetime.datetime.combine(atelier.date, atelier.heure_debut, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(atelier.date, atelier.heure_fin, tzinfo=zone))
    event.add("dtstamp", atelier.modifie_le or datetime.datetime.now(tz=zone))
    if lieu(atelier):
        event.add("location", lieu(atelier))
    event.add("description", description or atelier_description(atelier, gestion=gestion))
    event.add("url", url or gestion or lien_inscription(atelier))
    nom, adresse = parseaddr(sender(atelier.reseau))
    event.add("organizer", f"mailto:{adresse}", parameters={"CN": nom})
    event.add("status", "CANCELLED" if atelier.statut == StatutAtelier.ANNULE else "CONFIRMED")
    return event


def atelier_description(atelier: Atelier, *, gestion: str = "") -> str:
    """What a calendar shows under the event: who organises, where, the programme, and how to
    cancel (the registrant's own link) or register."""
    lines = [f"Organisé par {atelier.reseau.nom}."]
    if lieu(atelier):
        lines.append(f"Lieu{NBSP}: {lieu(atelier)}.")
    programme = [_sequence_line(sequence) for sequence in atelier.sequences.all()]
    if programme:
        lines += ["", f"Programme{NBSP}:", *programme]
    lines.append("")
    if gestion:
        lines.append(f"Pour modifier ou annuler votre inscription{NBSP}: {gestion}")
    else:
        lines.append(f"Inscription{NBSP}: {lien_inscription(atelier)}")
    return "\n".join(lines)


def _sequence_line(sequence) -> str:
    horaire = plage(sequence.debut, sequence.fin).removeprefix("de ").replace(" à ", "–")
    return f"{horaire}{NBSP}: {sequence.titre}" if horaire else sequence.titre


def lien_inscription(atelier: Atelier) -> str:
    return settings.SITE_URL + reverse(
        "ateliers:inscription_publique", kwargs={"jeton": atelier.jeton_public}
    )


def lieu(atelier: Atelier) -> str:
    """The venue, naming its commune once: « Hôtel de ville, 11 rue Jacques-Rimbault, Bourges »."""
    commune = atelier.lieu_collectivite.nom if atelier.lieu_collectivite else ""
    adresse = atelier.lieu_adresse
    if commune and commune.lower() in adresse.lower():
        commune = ""
    return ", ".join(part for part in (atelier.lieu_nom, adresse, commune) if part)


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


def atelier_ics(atelier: Atelier, *, gestion: str = "") -> bytes:
    """The atelier's .ics; `gestion` is the registrant's own page, when sent to one."""
    return calendar_ics([atelier_event(atelier, gestion=gestion)])


def atelier_ics_pour(atelier: Atelier, *, method: str, participant: str, gestion: str = "") -> bytes:
    """The event sent to one person as an update (REQUEST) or a withdrawal (CANCEL): calendars
    apply it to the event of the same UID they hold, naming who attends."""
    event = atelier_event(atelier, gestion=gestion)
    event.add("attendee", f"mailto:{participant}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    return calendar_ics([event], method=method)


def quand(atelier) -> str:
    """mardi 14 mai 2024, de 9 h 30 à 12 h 30"""
    return f"{date_longue(atelier.date)}, {plage(atelier.heure_debut, atelier.heure_fin)}"
