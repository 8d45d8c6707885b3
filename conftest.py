"""Fixtures shared by the whole suite.

The test database holds the real référentiel of all France, imported once per session
from the shipped snapshot: tests speak about real communes, as users do.
"""

import datetime
import threading
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from passerelles.contacts.models import Role
from passerelles.contacts.roles import ROLES
from passerelles.core.models import Membre, Reseau
from passerelles.leviers.catalogue import catalogue_load
from passerelles.leviers.models import PointEntree
from passerelles.territoires.importer import referentiel_import
from passerelles.territoires.models import Collectivite, TypeCollectivite


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        referentiel_import()
        catalogue_load()


def reference_data() -> None:
    """Live-server tests flush the database after each test, taking with it what migrations
    and the session's set-up had loaded: the référentiel of the région, the roles, the
    catalogue. Each journey that needs them calls this first."""
    if not Collectivite.objects.filter(type=TypeCollectivite.REGION, code="24").exists():
        referentiel_import(region="24")
    for order, (code, libelle, famille) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(
            code=code, defaults={"libelle": libelle, "famille": famille, "ordre": order * 10}
        )
    if not PointEntree.objects.exists():
        catalogue_load()


@pytest.fixture
def reference_data_reloaded(transactional_db):
    """For tests with `transaction=True`: what an earlier flush took away is loaded again."""
    reference_data()


def migrate_to(targets):
    """Moves the test database to these migrations and returns the models as they were there
    (a target of None for an app is its state before its first migration)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def migrate_to_latest():
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def atelier_before_migrating(date: datetime.date = datetime.date(2030, 5, 14)):
    """An atelier of a réseau CENTRAIDER, made with today's models: what a migration test
    writes its older rows about, before it moves the database back (`migrate_to`)."""
    from passerelles.ateliers.preparation.models import Atelier

    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region("24"))
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=date,
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )


def region(code: str) -> Collectivite:
    return Collectivite.objects.get(type=TypeCollectivite.REGION, code=code)


def make_member(username: str, reseau: Reseau):
    user = get_user_model().objects.create_user(username=username, password="mot-de-passe-solide")
    Membre.objects.create(utilisateur=user, reseau=reseau)
    return user


@contextmanager
def others_at_work(reseau, importer: Client, *, visitor_pages: list[str], importer_pages: list[str]):
    """While the block runs, in another thread and over and over, a member of another réseau
    logs in and reads `visitor_pages`, and `importer` (a signed-in client) reads
    `importer_pages`. Yields the status codes, or the error a request raised."""
    other = Reseau.objects.create(nom="RESACOOP", slug="resacoop", region=reseau.region)
    make_member("autre", other)
    statuses, done = [], threading.Event()

    def work():
        try:
            while not done.is_set():
                visitor = Client()
                credentials = {"username": "autre", "password": "mot-de-passe-solide"}
                statuses.append(visitor.post(reverse("connexion"), credentials).status_code)
                statuses.extend(visitor.get(url).status_code for url in visitor_pages)
                statuses.extend(importer.get(url).status_code for url in importer_pages)
        except Exception as exc:  # noqa: BLE001  (a failed request is the failure under test)
            statuses.append(repr(exc))
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        yield statuses
    finally:
        done.set()
        thread.join()


@pytest.fixture
def reseau(db) -> Reseau:
    return Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region("24"))


@pytest.fixture
def autre_reseau(db) -> Reseau:
    return Reseau.objects.create(nom="RESACOOP", slug="resacoop", region=region("84"))


@pytest.fixture
def membre(reseau):
    return make_member("claire", reseau)


@pytest.fixture
def client_membre(client, membre):
    client.force_login(membre)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    """The worker closes connections that left autocommit, as a long-running process should;
    inside a test, that is the test's own transaction: closing it breaks the test on PostgreSQL."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def stored_files_apart(settings, tmp_path):
    """Uploads and produced files go to the test's own folder, never to the developer's data/."""
    settings.MEDIA_ROOT = tmp_path / "fichiers"
