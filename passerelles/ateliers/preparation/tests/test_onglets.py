"""Every tab of an atelier shows the same tab bar, styled: a row of links, not a bulleted list."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders

from passerelles.ateliers.preparation.models import Atelier

pytestmark = pytest.mark.django_db

# What makes the tab bar a row rather than a bulleted list.
STYLED_BAR = re.compile(r"\.sous-nav__liens\s*\{[^}]*list-style:\s*none[^}]*display:\s*flex")


def stylesheets(page: str) -> str:
    """The text of every stylesheet the page links to, read from the static files."""
    hrefs = re.findall(r'<link rel="stylesheet" href="/static/([^"?]+)"', page)
    return "\n".join(open(finders.find(href), encoding="utf-8").read() for href in hrefs)


def test_every_atelier_tab_renders_the_styled_tab_bar(client_membre, reseau):
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Atelier",
        date=datetime.date(2027, 3, 16),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
    overview = client_membre.get(f"/ateliers/{atelier.pk}/").content.decode()
    bar = re.search(r'<nav class="sous-nav".*?</nav>', overview, re.DOTALL).group(0)
    tabs = re.findall(r'href="([^"]+)"', bar)
    assert len(tabs) == 12
    # The check-in page is the tablet's screen on the day, without the bar by design.
    for tab in [tab for tab in tabs if tab != f"/ateliers/{atelier.pk}/accueil/"]:
        page = client_membre.get(tab).content.decode()
        assert '<ul class="sous-nav__liens">' in page, tab
        assert STYLED_BAR.search(stylesheets(page)), f"barre d'onglets sans style sur {tab}"
