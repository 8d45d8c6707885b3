import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from passerelles.accompagnement import services
from passerelles.accompagnement.models import Etat
from passerelles.accompagnement.rappels import NATURE_ECHEANCE, echeances_rappeler
from passerelles.core.travaux import recover_all
from passerelles.courriels.models import Message
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401 (fixture)
from passerelles.leviers.models import Appel, Instrument
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def accompagnatrice(membre):
    membre.first_name, membre.last_name, membre.email = "Claire", "Durand", "claire@centraider.example"
    membre.save()
    return membre


def _dossier(reseau, user, code, days):
    return services.dossier_create(
        reseau=reseau,
        collectivite=Collectivite.objects.get(type="commune", code=code),
        instrument=Instrument.objects.get(code="cles-en-main"),
        auteur=user,
        appel="Clés en main 2026",
        echeance=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_the_person_accompanying_a_dossier_is_reminded_once_a_week_before_its_deadline(
    reseau, accompagnatrice
):
    soon = _dossier(reseau, accompagnatrice, "18031", 5)  # Blet
    _dossier(reseau, accompagnatrice, "18054", 30)  # Charly: not yet
    _dossier(reseau, accompagnatrice, "18160", -2)  # Nérondes: already past, « Mes relances » says so

    assert echeances_rappeler() == 1
    assert echeances_rappeler() == 0  # the worker runs every minute: one reminder per deadline
    message = Message.objects.get(nature=NATURE_ECHEANCE)
    assert message.destinataire == "claire@centraider.example"
    assert message.reseau == reseau and message.objet == soon
    assert "Blet" in message.sujet
    assert "Bonjour Claire Durand" in message.corps
    assert soon.get_absolute_url() in message.corps
    assert "dans 5\u00a0jours" in message.corps


def test_a_moved_deadline_gets_its_own_reminder(reseau, accompagnatrice):
    dossier = _dossier(reseau, accompagnatrice, "18031", 5)
    echeances_rappeler()
    services.dossier_update(
        dossier=dossier, auteur=accompagnatrice, echeance=timezone.localdate() + datetime.timedelta(days=2)
    )
    assert echeances_rappeler() == 1
    assert Message.objects.filter(nature=NATURE_ECHEANCE).count() == 2


def test_no_reminder_for_a_closed_dossier_or_without_an_address(reseau, accompagnatrice, membre):
    closed = _dossier(reseau, accompagnatrice, "18031", 3)
    services.dossier_move(dossier=closed, etat=Etat.ABANDONNE, motif="la commune renonce", auteur=membre)
    accompagnatrice.email = ""
    accompagnatrice.save()
    _dossier(reseau, accompagnatrice, "18054", 3)
    assert echeances_rappeler() == 0
    assert not Message.objects.exists()


def test_the_worker_sends_the_reminders_when_it_starts_and_every_minute(reseau, accompagnatrice):
    _dossier(reseau, accompagnatrice, "18031", 1)
    recover_all()
    assert Message.objects.filter(nature=NATURE_ECHEANCE).count() == 1


def _call_closing_in(days: int) -> Appel:
    return Appel.objects.create(
        instrument=Instrument.objects.get(code="cles-en-main"),
        nom="Appel de test",
        cloture=timezone.localdate() + datetime.timedelta(days=days),
        source_url="https://www.diplomatie.gouv.fr/",
    )


def test_the_closing_of_a_dossiers_call_is_reminded_once_while_it_is_not_submitted(reseau, accompagnatrice):
    appel = _call_closing_in(6)
    dossier = _dossier(reseau, accompagnatrice, "18031", 30)
    services.dossier_update(dossier=dossier, auteur=accompagnatrice, appel_catalogue=appel)

    assert echeances_rappeler() == 1
    assert echeances_rappeler() == 0
    message = Message.objects.get(nature=NATURE_ECHEANCE)
    assert message.sujet.startswith("Clôture de l'appel « Appel de test » le ")
    assert "dans 6\u00a0jours" in message.corps


def test_a_submitted_dossier_is_no_longer_reminded_of_its_calls_closing(reseau, accompagnatrice):
    dossier = _dossier(reseau, accompagnatrice, "18031", 30)
    services.dossier_update(dossier=dossier, auteur=accompagnatrice, appel_catalogue=_call_closing_in(3))
    services.dossier_move(dossier=dossier, etat=Etat.EN_MONTAGE, motif="montage", auteur=accompagnatrice)
    services.dossier_move(dossier=dossier, etat=Etat.DEPOSE, motif="déposé", auteur=accompagnatrice)
    assert echeances_rappeler() == 0


def test_the_reminder_reaches_the_accompanying_person_by_smtp_once_across_worker_restarts(
    reseau,
    accompagnatrice,
    serveur_smtp,  # noqa: F811
):
    _dossier(reseau, accompagnatrice, "18031", 2)
    for _restart in range(3):
        call_command("worker", batch=True, interval=0, verbosity=0)
    received = [m for m in serveur_smtp.recus if m["To"] == "claire@centraider.example"]
    assert len(received) == 1
    assert "Blet" in received[0]["Subject"]
    assert "Bonjour Claire Durand" in received[0].get_body(preferencelist=("plain",)).get_content()
