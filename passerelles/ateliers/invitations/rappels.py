"""Reminders before the atelier (to the invitees who have not answered, and to those registered)
and messages after it (to those who came, to those who did not).

Reminders before the day are planned as tasks that the worker runs on the day (`run_after`);
who has not answered is decided then, not when planning. Every message has a key naming its
reminder and its recipient, so a reminder planned twice still reaches each person once.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.courriels import services as courriels
from passerelles.courriels.services import queue_message
from passerelles.courriels.textes import render, salutation

from .services import sendable_invitations
from .textes import (
    OBJET_ABSENT,
    OBJET_MERCI,
    OBJET_RAPPEL,
    OBJET_RELANCE,
    TEXTE_ABSENT,
    TEXTE_MERCI,
    TEXTE_RAPPEL,
    TEXTE_RELANCE,
    atelier_values,
    invitation_values,
)

DEFAULT_DAYS = [7, 1]
SENDING_HOUR = datetime.time(9, 0)

TEXTES = {
    NatureMessage.RELANCE: (OBJET_RELANCE, TEXTE_RELANCE),
    NatureMessage.RAPPEL: (OBJET_RAPPEL, TEXTE_RAPPEL),
    NatureMessage.MERCI: (OBJET_MERCI, TEXTE_MERCI),
    NatureMessage.ABSENT: (OBJET_ABSENT, TEXTE_ABSENT),
}


def unanswered(atelier: Atelier, choix: dict | None = None) -> list:
    """Invitees with no registration (of any state) who may still be written to."""
    choix = choix or {}
    answered = Inscription.objects.filter(atelier=atelier).filter(
        Q(invitation=OuterRef("pk")) | Q(email__iexact=OuterRef("email"))
    )
    invitations = atelier.invitations.filter(~Exists(answered))
    if choix.get("collectivite"):
        invitations = invitations.filter(collectivite_id=choix["collectivite"])
    if choix.get("role"):
        invitations = invitations.filter(contact__role_id=choix["role"])
    if choix.get("invitations"):
        invitations = invitations.filter(pk__in=choix["invitations"])
    return list(sendable_invitations(atelier, invitations))


def registered(atelier: Atelier):
    return atelier.inscriptions.filter(etat=EtatInscription.CONFIRMEE).exclude(email="")


def came(atelier: Atelier):
    return registered(atelier).filter(present=True)


def did_not_come(atelier: Atelier):
    return registered(atelier).filter(present=False)


def reminder_moment(atelier: Atelier, jours: int) -> datetime.datetime:
    day = atelier.date - datetime.timedelta(days=jours)
    return datetime.datetime.combine(day, SENDING_HOUR, tzinfo=ZoneInfo(settings.TIME_ZONE))


def reminders_plan(atelier: Atelier, jours: list[int], choix: dict | None = None) -> list[datetime.datetime]:
    """Plans the reminders J-n still to come; returns when each will leave."""
    atelier.rappels_jours = sorted(set(jours), reverse=True)
    atelier.save(update_fields=["rappels_jours", "modifie_le"])
    planned = []
    for days in atelier.rappels_jours:
        moment = reminder_moment(atelier, days)
        if moment.date() < timezone.localdate():
            continue
        transaction.on_commit(
            lambda days=days, moment=moment: send_reminders.using(run_after=moment).enqueue(
                atelier.pk, days, choix or {}
            )
        )
        planned.append(moment)
    return planned


def planned_reminders(atelier: Atelier) -> list[tuple[datetime.datetime, int]]:
    """(when, days before) of the reminders waiting in the worker's queue."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=send_reminders.module_path, status="READY")
    found = set()
    for result in waiting:
        args = result.args_kwargs.get("args", [])
        if args and args[0] == atelier.pk:
            found.add((timezone.localtime(result.run_after), args[1]))
    return sorted(found)


@task()
def send_reminders(atelier_id: int, jours: int, choix: dict) -> int:
    """Run by the worker on the day: a reminder to whoever has not answered or registered."""
    atelier = Atelier.objects.select_related("reseau").filter(pk=atelier_id).first()
    if atelier is None or atelier.statut == StatutAtelier.ANNULE or atelier.date < timezone.localdate():
        return 0
    moment = reminder_moment(atelier, jours)
    if moment > timezone.now() + datetime.timedelta(hours=1):  # the atelier was moved later
        send_reminders.using(run_after=moment).enqueue(atelier_id, jours, choix)
        return 0
    queued = queue_reminders(atelier, NatureMessage.RELANCE, unanswered(atelier, choix), f"J-{jours}")
    queued += queue_reminders(atelier, NatureMessage.RAPPEL, list(registered(atelier)), f"J-{jours}")
    return queued


@task()
def send_now(atelier_id: int, nature: str, choix: dict, sujet: str, corps: str, vague: str) -> int:
    """A message written on the reminders page, queued by the worker (never in the request)."""
    atelier = Atelier.objects.select_related("reseau").get(pk=atelier_id)
    people = {
        NatureMessage.RELANCE: lambda: unanswered(atelier, choix),
        NatureMessage.MERCI: lambda: list(came(atelier)),
        NatureMessage.ABSENT: lambda: list(did_not_come(atelier)),
    }[nature]()
    return queue_reminders(atelier, nature, people, vague, sujet=sujet, corps=corps)


def queue_reminders(atelier: Atelier, nature: str, people: list, vague: str, *, sujet="", corps="") -> int:
    """Queues one message per person (an invitation or a registration); `vague` names the wave."""
    default_subject, default_body = TEXTES[nature]
    shared = atelier_values(atelier)
    queued = 0
    with transaction.atomic():
        for person in people:
            values = _values(person, shared)
            _, created = queue_message(
                reseau=atelier.reseau,
                objet=atelier,
                cle=f"{nature}:{vague}:{type(person).__name__.lower()}:{person.pk}",
                nature=nature,
                destinataire=person.email,
                contact=person.contact,
                sujet=render(sujet or default_subject, values),
                corps=render(corps or default_body, values),
                pieces_jointes=["ics"] if nature == NatureMessage.RAPPEL else [],
            )
            queued += created
        courriels.kick()
    return queued


def _values(person, shared: dict[str, str]) -> dict[str, str]:
    if isinstance(person, Inscription):
        return {
            **shared,
            "salutation": salutation(civilite=person.civilite, prenom=person.prenom, nom=person.nom),
        }
    return invitation_values(person, shared)
