# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""The sender of the outbox, against a real SMTP server on loopback: every message leaves once
with its Message-ID and unsubscribe headers; refusals are told apart and explained in French."""

import datetime
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact
from passerelles.courriels import expedition as envoi
from passerelles.courriels.models import AdresseEnEchec, Message
from passerelles.courriels.services import queue_message
from passerelles.courriels.tests.smtp_loopback import free_port, serveur_smtp  # noqa: F401
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2030, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
    )


def queue(atelier, destinataire, cle=None, nature="invitation", contact=None, **extra):
    message, _ = queue_message(
        reseau=atelier.reseau,
        objet=atelier,
        cle=cle or f"test:{destinataire}",
        nature=nature,
        destinataire=destinataire,
        contact=contact,
        sujet="Invitation",
        **({"corps": "Bonjour,\nvenez."} | extra),
    )
    return message


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def send(*messages):
    """Runs the sender as the worker would, after the queueing transaction."""
    envoi.send_pending.call()
    for message in messages:
        message.refresh_from_db()


def test_a_message_leaves_once_with_its_message_id_and_the_unsubscribe_headers(
    atelier, serveur_smtp, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://passerelles.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(atelier, "maire@bourges.fr")
        envoi.kick()
    run_worker()
    run_worker()
    [received] = serveur_smtp.recus
    link = envoi.unsubscribe_url(message)
    assert received["Message-ID"] == message.message_id
    assert received["To"] == "maire@bourges.fr"
    assert received["List-Unsubscribe"].strip() == f"<{link}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith("https://passerelles.example.org/ateliers/desabonnement/")
    assert link in received.get_body(("plain",)).get_content()
    message.refresh_from_db()
    assert (message.etat, message.tentatives, message.reclame_par != "") == ("envoye", 1, True)
    assert message.envoye_le is not None


def test_a_permanent_refusal_rejects_the_message_and_marks_the_address_as_failing(atelier, serveur_smtp):
    serveur_smtp.refus["inconnu@bourges.fr"] = "550 5.1.1 Destinataire inconnu"
    first = queue(atelier, "inconnu@bourges.fr")
    other = queue(atelier, "maire@bourges.fr")
    send(first, other)
    assert (first.etat, other.etat) == ("rejete", "envoye")
    assert first.erreur == "Adresse refusée par le serveur de messagerie (550) : 5.1.1 Destinataire inconnu"
    assert AdresseEnEchec.objects.filter(reseau=atelier.reseau, email="inconnu@bourges.fr").exists()

    again = queue(atelier, "Inconnu@Bourges.fr", cle="second")
    send(again)
    assert again.etat == "echec" and again.erreur.startswith("Non envoyé : adresse en échec depuis le ")
    assert serveur_smtp.message_ids() == [other.message_id]


def test_a_temporary_refusal_is_retried_later_and_then_delivered(atelier, serveur_smtp):
    serveur_smtp.refus["plein@bourges.fr"] = "451 4.2.2 Boîte pleine, réessayez"
    message = queue(atelier, "plein@bourges.fr")
    before = timezone.now()
    send(message)
    assert message.etat == "en_attente" and message.tentatives == 1
    assert before + timedelta(seconds=55) < message.prochain_essai < before + timedelta(seconds=65)
    assert message.erreur.startswith("Essai n° 1 : refus temporaire du serveur (451) : 4.2.2 Boîte pleine")
    assert "nouvel essai le " in message.erreur
    planned = DBTaskResult.objects.get(task_path=envoi.send_pending.module_path, status="READY")
    assert planned.run_after == message.prochain_essai  # the worker comes back by itself

    send(message)  # too early: nothing is attempted
    assert message.tentatives == 1

    del serveur_smtp.refus["plein@bourges.fr"]
    Message.objects.filter(pk=message.pk).update(prochain_essai=timezone.now() - timedelta(seconds=1))
    send(message)
    assert (message.etat, message.tentatives) == ("envoye", 2)
    assert serveur_smtp.message_ids() == [message.message_id]


def test_an_unreachable_server_is_a_temporary_failure(atelier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    message = queue(atelier, "maire@bourges.fr")
    send(message)
    assert message.etat == "en_attente"
    assert "serveur de messagerie injoignable (connexion refusée)" in message.erreur


def test_waiting_time_doubles_after_each_failure_up_to_six_hours():
    delays = [envoi.retry_delay(attempt) for attempt in (1, 2, 3, 4, 20)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8)] + [timedelta(hours=6)]


def test_after_the_last_attempt_the_message_is_given_up_with_the_reason(atelier, serveur_smtp):
    serveur_smtp.refus["plein@bourges.fr"] = "421 4.7.0 Trop de connexions"
    message = queue(atelier, "plein@bourges.fr")
    Message.objects.filter(pk=message.pk).update(tentatives=envoi.MAX_ATTEMPTS - 1)
    send(message)
    assert message.etat == "echec"
    assert message.erreur.startswith(f"Abandonné après {envoi.MAX_ATTEMPTS} essais : refus temporaire")


def test_a_claim_older_than_the_lease_is_taken_back_and_a_fresh_one_is_not(atelier, serveur_smtp, settings):
    settings.ENVOIS_BAIL_SECONDES = 300
    stale, fresh = queue(atelier, "a@bourges.fr"), queue(atelier, "b@bourges.fr")
    now = timezone.now()
    Message.objects.filter(pk=stale.pk).update(
        etat="en_cours", reclame_le=now - timedelta(minutes=6), tentatives=1
    )
    Message.objects.filter(pk=fresh.pk).update(
        etat="en_cours", reclame_le=now - timedelta(minutes=1), tentatives=1
    )
    send(stale, fresh)
    assert (stale.etat, stale.tentatives, fresh.etat) == ("envoye", 2, "en_cours")
    assert serveur_smtp.message_ids() == [stale.message_id]


def test_someone_who_unsubscribed_gets_no_more_mailings_but_still_their_confirmation(atelier, serveur_smtp):
    person = Contact.objects.create(
        reseau=atelier.reseau, nom="Durand", email="durand@bourges.fr", desinscrit_le=timezone.now()
    )
    invitation = queue(atelier, "durand@bourges.fr", contact=person)
    confirmation = queue(atelier, "durand@bourges.fr", cle="confirmation:1", nature="confirmation")
    send(invitation, confirmation)
    assert invitation.etat == "echec" and "désinscrite" in invitation.erreur
    assert serveur_smtp.message_ids() == [confirmation.message_id]


def test_the_ics_is_attached_when_asked(atelier, serveur_smtp):
    message = queue(atelier, "a@bourges.fr", nature="rappel", pieces_jointes=["ics"])
    send(message)
    [received] = serveur_smtp.recus
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "atelier.ics" and attachment.get_content_type() == "text/calendar"


def test_a_new_worker_takes_up_what_a_killed_one_left_claimed_without_any_kick(
    atelier, serveur_smtp, settings
):
    settings.ENVOIS_BAIL_SECONDES = 300
    left = queue(atelier, "a@bourges.fr")
    Message.objects.filter(pk=left.pk).update(
        etat="en_cours", reclame_le=timezone.now() - timedelta(minutes=10), reclame_par="mort:1", tentatives=1
    )
    assert not DBTaskResult.objects.exists()
    run_worker()
    left.refresh_from_db()
    assert (left.etat, left.tentatives) == ("envoye", 2)
    assert serveur_smtp.message_ids() == [left.message_id]


def test_the_send_page_polls_while_messages_wait_and_stops_when_all_are_out(atelier, client_membre):
    message = queue(atelier, "a@bourges.fr")
    url = f"/ateliers/{atelier.pk}/envois/"
    waiting = client_membre.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert waiting.strip().startswith('<div id="progression"') and 'hx-trigger="every 2s"' in waiting
    assert 'id="etat-en_attente">1<' in waiting
    Message.objects.filter(pk=message.pk).update(etat="envoye")
    done = client_membre.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'id="etat-envoye">1<' in done


def test_a_demonstration_reseau_writes_to_fictitious_addresses_only(
    atelier, reseau, serveur_smtp, client_membre
):
    reseau.demonstration = True
    reseau.save()
    real = queue(atelier, "mairie@ville-bourges.fr")
    fictitious = queue(atelier, "camille.martin@demo.invalid")
    send(real, fictitious)
    assert (real.etat, fictitious.etat) == ("echec", "envoye")
    assert "adresses fictives" in real.erreur
    assert [m["To"] for m in serveur_smtp.recus] == ["camille.martin@demo.invalid"]
    page = client_membre.get(f"/ateliers/{atelier.pk}/envois/").content.decode()
    assert "Réseau de démonstration" in page


def test_fictitious_addresses_are_those_reserved_for_examples():
    from passerelles.courriels.adresses import adresse_fictive

    for email in ("a@example.org", "a@sub.example.com", "a@demo.invalid", "a@mairie.test", "a@x.example"):
        assert adresse_fictive(email), email
    for email in ("a@bourges.fr", "a@example.fr", "a@notexample.org", "a@invalid.fr", "sans-arobase"):
        assert not adresse_fictive(email), email


def test_a_message_speaks_in_the_reseaus_own_voice(atelier, reseau, serveur_smtp, settings):
    settings.SITE_URL = "https://passerelles.centraider.example.org"
    reseau.expediteur_email, reseau.reponse_a = (
        "contact@centraider.example.org",
        "equipe@centraider.example.org",
    )
    reseau.save()
    message = queue(atelier, "maire@bourges.fr", corps="Bonjour,\nl'atelier aura lieu à Bourges : venez !")
    send(message)
    [received] = serveur_smtp.recus
    assert received["From"].addresses[0].display_name == "CENTRAIDER"
    assert received["From"].addresses[0].addr_spec == "contact@centraider.example.org"
    assert received["Reply-To"] == "equipe@centraider.example.org"
    assert received["Message-ID"].endswith("@passerelles.centraider.example.org>")
    assert received["Date"].datetime.utcoffset().total_seconds() in (3600, 7200)  # Paris, not -0000
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "l’atelier aura lieu à Bourges\u00a0: venez\u202f!" in text
    assert "CENTRAIDER" in html and "venez\u202f!" in html and envoi.unsubscribe_url(message) in html


def test_sending_keeps_under_the_relays_hourly_cap_and_comes_back_when_it_allows(
    atelier, serveur_smtp, settings
):
    settings.ENVOIS_PAR_HEURE = 2
    first, second, third = (queue(atelier, f"maire{n}@bourges.fr") for n in range(3))
    before = timezone.now()
    send(first, second, third)
    assert [m.etat for m in (first, second, third)] == ["envoye", "envoye", "en_attente"]
    assert third.tentatives == 0 and len(serveur_smtp.recus) == 2
    planned = DBTaskResult.objects.get(task_path=envoi.send_pending.module_path, status="READY")
    assert before + timedelta(minutes=59) < planned.run_after <= timezone.now() + timedelta(hours=1)
    Message.objects.filter(pk__in=[first.pk, second.pk]).update(envoye_le=timezone.now() - timedelta(hours=2))
    send(third)
    assert third.etat == "envoye"
