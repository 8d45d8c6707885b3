"""Benchmark: a check-in tablet comes back online with 500 queued actions.

Run with `.venv/bin/python benchmarks/pointage.py [--court] [postgres-url]`. The server time
of the sync endpoint is measured in-process around Django's test client (middleware, session,
réseau, JSON parsing, the applied keys read and written, the ticks, the fresh list in the
answer), one POST of 500 actions as the page sends them. Each run sends new keys, later in
time, ticking then unticking everyone in turn. The floor, measured in the same run, is the
bare UPDATE of the same 500 rows (one executemany in one transaction).

Target (issue 21): syncing 500 queued check-in actions ≤ 2 s.
"""

import datetime
import json
import statistics
import tempfile
import time
import uuid

from commun import database_argument, finish, setup_django, size, verdict

ACTIONS = size(500, 50)
RUNS = size(5, 2)


def load() -> tuple[int, list[int]]:
    from django.db import transaction

    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
    from passerelles.core.models import Reseau

    reseau = Reseau.objects.get(slug="centraider")
    with transaction.atomic():
        atelier = Atelier.objects.create(
            reseau=reseau,
            titre="Atelier de mesure (démonstration)",
            date=datetime.date.today(),
            heure_debut=datetime.time(9, 30),
            heure_fin=datetime.time(12, 30),
            statut=StatutAtelier.INVITATIONS_ENVOYEES,
        )
        rows = Inscription.objects.bulk_create(
            Inscription(
                reseau=reseau, atelier=atelier, prenom="Alex", nom=f"Personne {n}", structure="Fictive"
            )
            for n in range(ACTIONS)
        )
    return atelier.pk, [row.pk for row in rows]


def batch(ids: list[int], present: bool, at: datetime.datetime) -> bytes:
    stamp = int(at.timestamp() * 1000)
    actions = [
        {
            "cle": str(uuid.uuid4()),
            "genre": "presence" if present else "absence",
            "le": stamp + n,
            "inscription": pk,
        }
        for n, pk in enumerate(ids)
    ]
    return json.dumps({"actions": actions}).encode()


def sync_times(atelier_pk: int, ids: list[int]) -> list[float]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from passerelles.ateliers.inscriptions.models import Inscription

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    url = f"/ateliers/{atelier_pk}/accueil/synchroniser/"
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    times = []
    for run in range(RUNS + 1):  # the first is a warm-up
        present = run % 2 == 0
        body = batch(ids, present, start + datetime.timedelta(minutes=run))
        started = time.perf_counter()
        response = client.post(url, body, content_type="application/json")
        elapsed = time.perf_counter() - started
        statuts = {result["statut"] for result in response.json()["resultats"]}
        assert response.status_code == 200 and statuts == {"appliquee"}, statuts
        assert Inscription.objects.filter(pk__in=ids, present=present).count() == len(ids)
        if run:
            times.append(elapsed)
    return times


def floor(ids: list[int]) -> float:
    """The bare UPDATE of the same rows, as the sync leaves them."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    sql = "UPDATE ateliers_inscription SET present = %s, arrive_le = %s, pointage_horodate = %s WHERE id = %s"
    times = []
    for run in range(RUNS):
        values = [(run % 2 == 0, now, now, pk) for pk in ids]
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, values)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        atelier_pk, ids = load()
        print(f"data: all of France, one atelier with {ACTIONS} people, {ACTIONS} queued actions per sync")
        times = sync_times(atelier_pk, ids)
        print("sync runs: " + ", ".join(f"{t * 1000:.0f} ms" for t in times))
        bare = floor(ids)
    verdict(
        f"sync of {ACTIONS} queued check-in actions (median)",
        statistics.median(times),
        "s",
        floor=bare,
        target=2,
    )
    finish()


if __name__ == "__main__":
    main()
