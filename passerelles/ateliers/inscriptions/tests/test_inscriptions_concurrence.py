"""Registrations racing for the last seats, on PostgreSQL, each in its own connection: the
atelier's row lock makes them queue, so no seat is given twice and nobody is lost.
(SQLite serialises every write transaction anyway; CI runs this file on PostgreSQL.)"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.models import Reseau
from passerelles.courriels.models import Message
from passerelles.territoires.importer import referentiel_import
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .outils import run_worker

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement"),
    pytest.mark.django_db(transaction=True),
]
SITE = "http://testserver"


@pytest.fixture
def atelier(transactional_db):
    # Transactional tests empty the database when they end: the région is reloaded if needed.
    if not Collectivite.objects.filter(type=TypeCollectivite.REGION, code="24").exists():
        referentiel_import(region="24")
    region = Collectivite.objects.get(type=TypeCollectivite.REGION, code="24")
    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region)
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        capacite=20,
    )


def all_at_once(work, count: int) -> list:
    """Runs work(n) for n in range(count), each in its own thread and database connection,
    all released at the same instant. Any exception fails the test."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(n):
        try:
            barrier.wait()
            results[n] = work(n)
        except Exception as error:  # noqa: BLE001 — reported below with its thread
            errors.append((n, repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def register(atelier, n: int, email: str = "") -> Inscription:
    personne = Personne(
        nom=f"Personne {n}", prenom="Démo", email=email or f"p{n}@exemple.fr", structure="Jumelage"
    )
    inscription, _ = services.inscription_register(atelier=atelier, personne=personne, site_url=SITE)
    return inscription


def test_fifty_registrations_at_once_for_twenty_seats(atelier):
    all_at_once(lambda n: register(atelier, n), 50)
    rows = Inscription.objects.filter(atelier=atelier)
    assert rows.count() == 50
    assert rows.filter(etat="confirmee").count() == 20
    assert rows.filter(etat="attente").count() == 30
    assert rows.values("email").distinct().count() == 50
    run_worker()  # each registration's email
    assert Message.objects.filter(nature="confirmation").count() == 20
    assert Message.objects.filter(nature="liste_attente").count() == 30

    first_waiting = rows.filter(etat="attente").order_by("cree_le", "id").first()
    promoted = services.inscription_cancel(inscription=rows.filter(etat="confirmee").first(), site_url=SITE)
    assert promoted == [first_waiting]
    assert rows.filter(etat="confirmee").count() == 20 and rows.filter(etat="attente").count() == 29


def test_cancellations_at_once_promote_exactly_as_many(atelier):
    all_at_once(lambda n: register(atelier, n), 30)
    leaving = list(Inscription.objects.filter(atelier=atelier, etat="confirmee")[:6])
    promoted = all_at_once(lambda n: services.inscription_cancel(inscription=leaving[n], site_url=SITE), 6)
    assert sorted(len(p) for p in promoted) == [1] * 6
    assert len({p[0].pk for p in promoted}) == 6
    rows = Inscription.objects.filter(atelier=atelier)
    assert (rows.filter(etat="confirmee").count(), rows.filter(etat="attente").count()) == (20, 4)
    assert Message.objects.filter(nature="promotion").count() == 6


def test_the_same_address_sent_ten_times_at_once_registers_once(atelier):
    all_at_once(lambda n: register(atelier, n, email="double@exemple.fr"), 10)
    assert Inscription.objects.filter(atelier=atelier, email="double@exemple.fr").count() == 1


def test_two_tablets_ticking_at_once_lose_nothing(atelier):
    people = [register(atelier, n) for n in range(20)]

    def tick(n):
        return services.presence_set(atelier=atelier, inscription_id=people[n].pk, present=True, auteur=None)

    all_at_once(tick, 20)
    assert services.compteurs(atelier)["presents"] == 20


POSTS_FROM_ONE_PROCESS = """
import os, sys, django
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR="203.0.113.9", HTTP_HOST="127.0.0.1")
url, tag = sys.argv[1], sys.argv[2]
codes = [
    client.post(url, {"prenom": "Zoé", "nom": "Test", "structure": "Jumelage", "email": f"{tag}{n}@exemple.fr"}).status_code
    for n in range(12)
]
print(" ".join(map(str, codes)))
"""


def test_the_rate_limit_holds_across_server_processes(atelier):
    """Two processes, as two gunicorn workers: the count per address is the same for both."""
    import os
    import subprocess
    import sys

    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "passerelles.settings", "DEBUG": "1"}
    page = f"/ateliers/inscription/{atelier.jeton_public}/"
    codes = []
    for tag in ("a", "b"):
        run = subprocess.run(
            [sys.executable, "-c", POSTS_FROM_ONE_PROCESS, page, tag],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        codes += run.stdout.split()
    # 20 an hour per address: the second process is refused from the 9th post on. (A clock hour
    # boundary crossed during the test would reset the count; the two runs take seconds.)
    assert codes == ["302"] * 20 + ["429"] * 4
