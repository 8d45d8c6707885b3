"""Benchmark: the check-in search of an atelier with 500 people registered.

Run with `.venv/bin/python benchmarks/accueil.py [--court] [postgres-url]`. Server time is
measured in-process around Django's test client (middleware, session, réseau, query,
template of the results), without network, as the tablet's htmx request asks it. The floor,
measured in the same run, is the bare SQL that any search must read: the atelier's 500
registrations with their collectivité.

Target (issue 8): the worst median search ≤ 50 ms of server time.
"""

import datetime
import random
import statistics
import tempfile
import time

from commun import bare_sql, database_argument, finish, median_ms, setup_django, size, verdict

REGISTERED = 500
QUERIES = ["", "m", "mar", "martin", "hel dup", "bourges", "jumelage", "zzz"]
RUNS = size(30, 3)
PRENOMS = ["Hélène", "Marc", "Sophie", "Jean", "Nadia", "Luc", "Claire", "Yves", "Anne", "Karim"]
NOMS = ["Martin", "Dupré", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel"]


def load(rng: random.Random) -> int:
    from django.db import transaction

    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.preparation.models import Atelier
    from passerelles.core.models import Reseau
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    communes = list(
        Collectivite.objects.filter(type="commune", departement__code="18").values_list("id", flat=True)
    )
    with transaction.atomic():
        atelier = Atelier.objects.create(
            reseau=reseau,
            titre="Atelier de mesure (démonstration)",
            date=datetime.date.today() + datetime.timedelta(days=1),
            heure_debut=datetime.time(9, 30),
            heure_fin=datetime.time(12, 30),
            capacite=REGISTERED,
        )
        Inscription.objects.bulk_create(
            Inscription(
                reseau=reseau,
                atelier=atelier,
                prenom=rng.choice(PRENOMS),
                nom=f"{rng.choice(NOMS)}-{n}",
                email=f"p{n}@exemple.org",
                collectivite_id=rng.choice(communes) if n % 5 else None,
                structure="" if n % 5 else f"Comité de jumelage n° {n}",
                present=n % 3 == 0,
            )
            for n in range(REGISTERED)
        )
    return atelier.pk


def server_time(url: str, params: dict | None = None) -> float:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_HX_REQUEST="true")
    client.force_login(get_user_model().objects.get(username="demo"))
    client.get(url, params)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        assert client.get(url, params).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def floor_sql(atelier_pk: int) -> float:
    sql = (
        "SELECT i.*, c.nom FROM ateliers_inscription i "
        "LEFT JOIN territoires_collectivite c ON c.id = i.collectivite_id "
        "WHERE i.atelier_id = %s AND i.etat != 'annulee' ORDER BY i.nom, i.prenom"
    )
    return median_ms(bare_sql([(sql, [atelier_pk])]), RUNS)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        atelier_pk = load(random.Random(8))
        url = f"/ateliers/{atelier_pk}/accueil/recherche/"
        print(f"data: all of France, one atelier with {REGISTERED} people registered")
        medians = {}
        for query in QUERIES:
            medians[query] = server_time(url, {"q": query})
            print(f"search {query!r:12} {medians[query]:6.1f} ms median")
        floor = floor_sql(atelier_pk)
        page = f"/ateliers/{atelier_pk}/accueil/"
        print(f"whole check-in page {page} (first 30 of 500 listed): {server_time(page):.1f} ms")
    worst = max(medians, key=medians.get)
    verdict(f"worst check-in search median (q={worst!r})", medians[worst], "ms", floor=floor, target=50)
    finish()


if __name__ == "__main__":
    main()
