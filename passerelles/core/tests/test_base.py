"""The frame every page shares: menu, favicon."""

import pytest


@pytest.mark.parametrize(
    "url", ["/", "/mobilisation/", "/mobilisation/relances/", "/contacts/", "/leviers/segments/"]
)
def test_the_menu_highlights_exactly_one_item(client_membre, url):
    menu = client_membre.get(url).content.decode().split('class="navigation"')[1].split("</nav>")[0]
    assert menu.count('aria-current="page"') == 1


def test_my_follow_ups_highlight_only_themselves(client_membre):
    menu = client_membre.get("/mobilisation/relances/").content.decode().split("</nav>")[0]
    assert 'href="/mobilisation/relances/" aria-current="page"' in menu
    assert 'href="/mobilisation/" aria-current' not in menu


def test_the_favicon_is_declared_and_served(client, db):
    page = client.get("/connexion/").content.decode()
    assert '<link rel="icon" href="/static/passerelles/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/passerelles/favicon.svg"


@pytest.mark.parametrize("htmx", [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "resultats"}])
def test_a_live_search_and_its_page_are_cached_apart(client_membre, htmx):
    response = client_membre.get("/territoires/?q=nerondes", **htmx)
    assert "HX-Request" in response["Vary"]
