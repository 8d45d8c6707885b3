"""Benchmark: the réseau dashboard with all of France, 100,000 contacts and 20,000 interactions.

Run with `.venv/bin/python benchmarks/tableau.py [--court] [postgres-url]`. Server time is
measured in-process around Django's test client. The floor, measured in the same run, is
the bare SQL reading the same rows: the réseau's followed collectivités with their stage and
département, the population of its région's communes and of those covered, the count of
contacts without a recent exchange and of overdue relances.

Target (issue 3): the dashboard ≤ 200 ms of server time (median).
"""

import datetime
import random
import statistics
import tempfile
import time

from commun import analyse, bare_sql, database_argument, finish, median_ms, setup_django, size, verdict

CONTACTS, INTERACTIONS, STAGES = size(100_000, 2_000), size(20_000, 500), size(1_200, 100)
RUNS = size(15, 3)


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


def floor_queries() -> list[tuple[str, list]]:
    from django.utils import timezone

    from passerelles.contacts.models import Contact
    from passerelles.core.models import Reseau
    from passerelles.mobilisation.models import ETAPES_ENGAGEES, Mobilisation, Relance
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    m, c = Mobilisation._meta.db_table, Collectivite._meta.db_table
    r, region = reseau.pk, reseau.region_id
    stages = [str(e) for e in ETAPES_ENGAGEES]
    placeholders = ", ".join(["%s"] * len(stages))
    engaged = f"SELECT collectivite_id FROM {m} WHERE reseau_id = %s AND etape IN ({placeholders})"
    today = timezone.localdate()
    cutoff = today - datetime.timedelta(days=365)
    return [
        (
            f"SELECT m.collectivite_id, m.etape, c.type, c.code, c.nom, d.code, d.nom FROM {m} m "
            f"JOIN {c} c ON c.id = m.collectivite_id LEFT JOIN {c} d ON d.id = c.departement_id "
            "WHERE m.reseau_id = %s AND (c.region_id = %s OR c.id = %s)",
            [r, region, region],
        ),
        (
            f"SELECT SUM(population_municipale) FROM {c} WHERE type = 'commune' AND actif AND region_id = %s",
            [region],
        ),
        (
            f"SELECT SUM(population_municipale) FROM {c} WHERE type = 'commune' AND actif AND region_id = %s "
            f"AND (id IN ({engaged}) OR epci_id IN ({engaged}))",
            [region, r, *stages, r, *stages],
        ),
        (
            f"SELECT COUNT(*) FROM {Contact._meta.db_table} WHERE reseau_id = %s AND efface_le IS NULL "
            "AND (derniere_interaction < %s OR derniere_interaction IS NULL)",
            [r, cutoff],
        ),
        (
            f"SELECT COUNT(*) FROM {Relance._meta.db_table} WHERE reseau_id = %s AND faite_le IS NULL "
            "AND echeance < %s",
            [r, today],
        ),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        load(random.Random(7))
        analyse()
        dashboard, queries = server_time("/mobilisation/")
        floor = median_ms(bare_sql(floor_queries()), RUNS)
        relances, _ = server_time("/mobilisation/relances/")
        contacts, _ = server_time("/contacts/")
    print(
        f"data: all of France, {CONTACTS} contacts, {INTERACTIONS} interactions, {STAGES} followed communes"
    )
    print(f"dashboard /mobilisation/: {dashboard:.1f} ms median, {queries} queries")
    print(f"also: Mes relances {relances:.1f} ms, contact list {contacts:.1f} ms")
    verdict("réseau dashboard /mobilisation/", dashboard, "ms", floor=floor, target=200)
    finish()


if __name__ == "__main__":
    main()
