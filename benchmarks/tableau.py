"""Benchmark: the réseau dashboard with all of France, 100,000 contacts and 20,000 interactions.

Run with `.venv/bin/python benchmarks/tableau.py`. Server time is measured in-process around
Django's test client; the floor, measured in the same run, is the home page of the same
logged-in user (session, réseau, template), i.e. what any page costs before its own queries.

Target (issue 3): ≤ 200 ms of server time, with a bounded number of queries.
"""

import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path

from commun import machine, setup_django

CONTACTS, INTERACTIONS, STAGES = 100_000, 20_000, 1_200
RUNS = 15


def load(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from passerelles.contacts.models import Contact
    from passerelles.core.models import Reseau
    from passerelles.mobilisation.models import Etape, Interaction, Mobilisation, Relance
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    user = get_user_model().objects.get(username="demo")
    communes = list(
        Collectivite.objects.filter(type="commune", region=reseau.region).values_list("id", flat=True)
    )
    today = datetime.date(2026, 11, 26)
    with transaction.atomic():
        Contact.objects.bulk_create(
            (
                Contact(
                    reseau=reseau,
                    nom=f"Nom{n}",
                    prenom="Démo",
                    email=f"p{n}@exemple.org",
                    collectivite_id=rng.choice(communes),
                    derniere_interaction=today - datetime.timedelta(days=rng.randrange(0, 2000))
                    if n % 3
                    else None,
                )
                for n in range(CONTACTS)
            ),
            batch_size=2000,
        )
        contact_ids = list(Contact.objects.filter(reseau=reseau).values_list("id", flat=True))
        interactions = Interaction.objects.bulk_create(
            (
                Interaction(
                    reseau=reseau,
                    type="appel",
                    date=today - datetime.timedelta(days=n % 900),
                    sujet=f"Échange {n}",
                    collectivite_id=rng.choice(communes),
                    auteur=user,
                )
                for n in range(INTERACTIONS)
            ),
            batch_size=2000,
        )
        links = Interaction.contacts.through
        links.objects.bulk_create(
            (links(interaction_id=i.pk, contact_id=rng.choice(contact_ids)) for i in interactions),
            batch_size=5000,
        )
        stages = [e for e in Etape if e != Etape.INCONNUE]
        followed = set(Mobilisation.objects.filter(reseau=reseau).values_list("collectivite_id", flat=True))
        communes = [pk for pk in communes if pk not in followed]
        Mobilisation.objects.bulk_create(
            Mobilisation(reseau=reseau, collectivite_id=pk, etape=rng.choice(stages))
            for pk in rng.sample(communes, STAGES)
        )
        Relance.objects.bulk_create(
            Relance(
                reseau=reseau,
                titre=f"Relance {n}",
                echeance=today + datetime.timedelta(days=n - 500),
                responsable=user,
            )
            for n in range(1000)
        )


def server_time(url: str) -> tuple[float, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    client.get(url)
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        load(random.Random(7))
        dashboard, queries = server_time("/mobilisation/")
        home, home_queries = server_time("/")
        relances, _ = server_time("/mobilisation/relances/")
        contacts, _ = server_time("/contacts/")
    print(f"machine: {machine()}")
    print(
        f"data: all of France, {CONTACTS} contacts, {INTERACTIONS} interactions, {STAGES} followed communes"
    )
    print(f"dashboard /mobilisation/: {dashboard:.1f} ms median, {queries} queries")
    print(f"floor (home page /): {home:.1f} ms, {home_queries} queries")
    print(f"also: Mes relances {relances:.1f} ms, contact list {contacts:.1f} ms")
    print(f"target ≤ 200 ms → {'OK' if dashboard <= 200 else 'AU-DELÀ DE LA CIBLE'}")


if __name__ == "__main__":
    main()
