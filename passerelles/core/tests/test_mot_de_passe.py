"""Password change and reset live in the application's own French pages, not Django's admin."""

import re
import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


def test_the_password_change_page_is_the_applications_own(client_membre):
    page = client_membre.get("/mot-de-passe/").content.decode()
    assert "Changer de mot de passe" in page
    assert "Django" not in page
    assert 'class="menu"' in page  # the application's menu, not the admin's


def test_the_login_page_offers_a_forgotten_password_link(client):
    assert 'href="/mot-de-passe/oubli/"' in client.get("/connexion/").content.decode()


def run_worker():
    from django.core.management import call_command

    call_command("worker", batch=True, interval=0, verbosity=0)


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(
    client, membre, smtp, django_capture_on_commit_callbacks
):
    membre.email = "claire@centraider.example"
    membre.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mot-de-passe/oubli/", {"email": "claire@centraider.example"})
    assert response.status_code == 302
    assert "Vérifiez votre messagerie" in client.get(response["Location"]).content.decode()
    assert smtp.messages == []  # the link leaves through the worker, not the request
    run_worker()

    [message] = smtp.messages
    assert message["To"] == "claire@centraider.example"
    assert message["Subject"] == "Passerelles : choisir un nouveau mot de passe"
    body = message.get_content()
    assert "« claire »" in body
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+)", body).group(1)

    form = client.get(link, follow=True)
    assert "Nouveau mot de passe" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "un secret tout neuf et long", "new_password2": "un secret tout neuf et long"},
        follow=True,
    )
    assert "Mot de passe enregistré" in done.content.decode()
    # Through the login page: the login throttling (django-axes) judges every attempt there.
    login = client.post("/connexion/", {"username": "claire", "password": "un secret tout neuf et long"})
    assert login.status_code == 302 and login["Location"] == "/"
    client.post("/deconnexion/")

    reused = client.get(link, follow=True).content.decode()
    assert "Ce lien ne fonctionne plus" in reused


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, membre, smtp):
    response = client.post("/mot-de-passe/oubli/", {"email": "personne@nulle-part.example"})
    assert response.status_code == 302
    run_worker()
    assert smtp.messages == []


def test_reset_requests_are_limited_per_address_and_per_account(
    membre, smtp, settings, django_capture_on_commit_callbacks
):
    """25 requests from one address (or for one account from many) send a few mails, not 25;
    every request gets the same answer, so the limit reveals nothing."""
    settings.BEHIND_HTTPS_PROXY = True
    membre.email = "claire@centraider.example"
    membre.save()
    from django.test import Client

    one_address = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    answers = [
        one_address.post("/mot-de-passe/oubli/", {"email": f"inconnu{n}@exemple.fr"}).status_code
        for n in range(25)
    ]
    assert answers == [302] * 25
    with django_capture_on_commit_callbacks(execute=True):
        many_addresses = [
            Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            .post("/mot-de-passe/oubli/", {"email": "Claire@Centraider.example"})
            .status_code
            for n in range(25)
        ]
    assert many_addresses == [302] * 25
    run_worker()
    assert 1 <= len(smtp.messages) <= 3
