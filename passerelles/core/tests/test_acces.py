import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .url_sweep import PUBLIC_ROUTES, project_routes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "route",
    [route for route in project_routes() if route.name not in PUBLIC_ROUTES],
    ids=lambda route: route.name,
)
def test_every_page_but_the_public_ones_asks_anonymous_visitors_to_log_in(client, route):
    url = route.sample_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('connexion')}?next=")


def test_the_sweep_sees_the_project_pages():
    names = {route.name for route in project_routes()}
    assert {"accueil", "connexion", "territoires:recherche", "territoires:detail"} <= names


def test_the_login_page_is_public_and_in_french(client):
    page = client.get("/connexion/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.content.decode()
    assert "Mot de passe" in page.content.decode()


def test_a_member_logs_in_with_username_and_password(client, membre):
    response = client.post("/connexion/", {"username": "claire", "password": "mot-de-passe-solide"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_gets_a_french_message(client, membre):
    page = client.post("/connexion/", {"username": "claire", "password": "faux"})
    assert page.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page.content.decode()


def test_logout_ends_the_session(client_membre):
    assert client_membre.post("/deconnexion/").status_code == 302
    assert client_membre.get("/").status_code == 302


def test_a_member_changes_their_password(client_membre, membre):
    response = client_membre.post(
        "/mot-de-passe/",
        {
            "old_password": "mot-de-passe-solide",
            "new_password1": "un autre secret bien long",
            "new_password2": "un autre secret bien long",
        },
    )
    assert response.status_code == 302
    membre.refresh_from_db()
    assert membre.check_password("un autre secret bien long")


def test_the_admin_is_refused_to_ordinary_members(client_membre):
    response = client_membre.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_signed_in_member_and_their_reseau_are_read_in_one_query(client_membre, reseau):
    request = client_membre.get("/").wsgi_request
    del request._cached_user
    with CaptureQueriesContext(connection) as queries:
        assert get_user(request).membre.reseau == reseau
    assert len(queries) == 1


def test_a_user_without_reseau_is_signed_in_without_one(client, django_user_model):
    user = django_user_model.objects.create_user(username="sans", password="mot-de-passe-solide")
    client.force_login(user)
    assert client.get("/").wsgi_request.reseau is None
