"""Browser journeys: Playwright drives Debian's Chromium against a live server.

Playwright's own browser download does not work offline, so the system Chromium is used.
Without it these tests skip, except under CI, where a missing browser is a failure.
"""

import os
import shutil

import pytest

from conftest import make_member, reference_data
from passerelles.core.models import Reseau
from passerelles.territoires.models import Collectivite, TypeCollectivite

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Chromium introuvable : installez le paquet Debian « chromium »."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread for the whole session; the
    # ORM calls the tests and their teardown make around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo_account(transactional_db):
    """A member of CENTRAIDER; live-server tests flush the database, so data is reloaded."""
    reference_data()
    region = Collectivite.objects.get(type=TypeCollectivite.REGION, code="24")
    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region)
    make_member("claire", reseau)
    return {"username": "claire", "password": "mot-de-passe-solide"}
