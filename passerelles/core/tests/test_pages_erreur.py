"""Error pages speak French, in the site's style, and say what to do, never what failed."""

import pytest
from django.test import Client
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_french_404_for_anyone():
    for client in (Client(), Client()):
        response = client.get("/ateliers/inscription/lien-coupe-en-deux/")
        html = response.content.decode()
        assert response.status_code == 404
        assert '<html lang="fr">' in html and "Page introuvable" in html
        assert "Not Found" not in html and "Traceback" not in html


def test_a_bad_public_link_says_what_to_do_without_detail(client):
    response = client.get("/ateliers/desabonnement/1:faux/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "répondez simplement à son message" in html
    assert "Lien de désabonnement inconnu" not in html


def test_a_server_error_page_is_french_and_needs_neither_request_nor_database(rf):
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in html and "Server Error" not in html


def test_a_form_sent_without_its_token_is_a_french_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/connexion/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulaire expiré" in html and "CSRF verification" not in html
