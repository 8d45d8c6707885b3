"""No door left open: password guessing is locked out, pages carry a Content-Security-Policy
that they satisfy without inline code."""

import re

import pytest
from django.contrib.auth import get_user_model

from conftest import make_member
from passerelles.core.models import Journal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/connexion/", "/admin/login/"])
def test_password_guessing_from_one_address_locks_that_account_there_then_is_recorded(
    client, reseau, url, settings
):
    make_member("claire", reseau)
    statuses = [
        client.post(url, {"username": "claire", "password": f"essai-{n}"}, REMOTE_ADDR="10.0.0.9").status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 2)
    ]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # Even the right password is refused from there while the lockout lasts.
    locked = client.post(
        url, {"username": "claire", "password": "mot-de-passe-solide"}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert "Connexion bloquée pour l'instant" in locked.content.decode()
    assert "pendant 15 minutes" in locked.content.decode()
    entry = Journal.objects.get(reseau=reseau, action="connexion_bloquee")
    assert "« claire »" in entry.libelle


def test_a_stranger_cannot_lock_a_colleague_out_with_a_few_tries(client, reseau, settings):
    make_member("claire", reseau)
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post("/connexion/", {"username": "claire", "password": f"essai-{n}"}, REMOTE_ADDR="10.6.6.6")
    her_office = client.post(
        "/connexion/", {"username": "claire", "password": "mot-de-passe-solide"}, REMOTE_ADDR="192.0.2.50"
    )
    assert her_office.status_code == 302


def test_guessing_one_account_from_many_addresses_locks_it_at_a_higher_count_and_tells_its_owner(
    client, reseau, settings, mailoutbox
):
    from django.core.management import call_command

    settings.AXES_COMPTE_LIMITE = 12
    user = make_member("claire", reseau)
    user.email = "claire@centraider.example"
    user.save()
    statuses = [
        client.post(
            "/connexion/", {"username": "claire", "password": f"essai-{n}"}, REMOTE_ADDR=f"10.0.{n}.1"
        ).status_code
        for n in range(14)
    ]
    assert statuses[:12] == [200] * 12 and statuses[-1] == 429
    assert "plusieurs adresses" in Journal.objects.get(reseau=reseau, action="connexion_bloquee").libelle
    call_command("worker", batch=True, interval=0, verbosity=0)
    [notice] = mailoutbox
    assert notice.to == ["claire@centraider.example"] and "bloquées pendant 15 minutes" in notice.body


def test_one_address_trying_many_accounts_is_locked_out_at_the_higher_count(client, reseau, settings):
    settings.AXES_COMPTE_LIMITE = 12
    for n in range(12):
        client.post("/connexion/", {"username": f"inconnu{n}", "password": "x"}, REMOTE_ADDR="192.0.2.7")
    make_member("claire", reseau)
    response = client.post(
        "/connexion/", {"username": "claire", "password": "mot-de-passe-solide"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(rf, settings):
    from passerelles.core.clients import client_ip

    settings.BEHIND_HTTPS_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    settings.BEHIND_HTTPS_PROXY = False
    assert client_ip(request) == "127.0.0.1"


def test_the_lockout_expires(client, reseau, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    make_member("claire", reseau)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": "claire", "password": "faux"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    response = client.post("/connexion/", {"username": "claire", "password": "mot-de-passe-solide"})
    assert response.status_code == 302


def test_a_successful_login_is_not_hindered(client, reseau):
    make_member("claire", reseau)
    client.post("/connexion/", {"username": "claire", "password": "faux"})
    response = client.post("/connexion/", {"username": "claire", "password": "mot-de-passe-solide"})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="claire").last_login


INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.I)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/territoires/",
        "/mobilisation/",
        "/contacts/",
        "/contacts/import/",
        "/capitalisation/",
        "/journal/",
    ],
)
def test_pages_carry_a_csp_without_unsafe_inline_and_hold_no_inline_code(client_membre, url):
    response = client_membre.get(url, follow=True)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert not INLINE.search(response.content.decode())
    assert "content='{\"includeIndicatorStyles\": false}'" in response.content.decode()


def test_no_template_of_an_html_page_holds_inline_code():
    from pathlib import Path

    import passerelles

    root = Path(passerelles.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        # Templates rendered to PDF by WeasyPrint or into emails (never served as pages) may
        # carry their styles.
        if "pdf" not in path.name
        and "documents" not in path.parts
        and INLINE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_an_over_long_username_is_a_wrong_login_not_a_server_error(client, membre):
    response = client.post("/connexion/", {"username": "é" * 300, "password": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
