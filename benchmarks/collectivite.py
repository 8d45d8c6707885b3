"""Benchmark: the page of one collectivité when 30,000 collectivités are engaged, as when all
13 metropolitan réseaux work on one database.

Run with `.venv/bin/python benchmarks/collectivite.py [--court] [postgres-url]`. Data: all of
France and the demo, plus one réseau per metropolitan région, each following an engaged
share of its région's communes (30,000 in all, 3,000 in short mode); the page is Nérondes
(Cher) as the demo réseau's member sees it, with its sections (stage, contacts, exchanges,
facts, levers, peers who could testify). Server time is measured in-process around Django's
test client.

Floor, measured in the same run: the bare SQL reading the same rows — the collectivité with
its département, EPCI and région, the réseau's stage, contacts, exchanges and facts about it,
and the rows of the peers the page shows.

Target (issue 23): ≤ 50 ms (median server time).
"""

import random
import tempfile

from commun import (
    analyse,
    bare_sql,
    database_argument,
    finish,
    median_ms,
    page_getter,
    setup_django,
    size,
    verdict,
)

ENGAGED = size(30_000, 3_000)
RUNS = size(15, 3)
PAGE = ("commune", "18160")  # Nérondes
METROPOLE = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]


def engage(total: int, rng: random.Random) -> int:
    """Brings the engaged collectivités of all réseaux up to about `total`, each réseau
    engaging communes of its own région in proportion to their number. Returns how many
    are engaged now. Called again with a larger total, it adds to what is there."""
    from django.db import transaction

    from passerelles.core.models import Reseau
    from passerelles.mobilisation.models import ETAPES_ENGAGEES, Mobilisation
    from passerelles.territoires.models import Collectivite

    stages = list(ETAPES_ENGAGEES)
    communes = {
        code: list(
            Collectivite.objects.filter(type="commune", actif=True, region__code=code).values_list(
                "id", flat=True
            )
        )
        for code in METROPOLE
    }
    everyone = sum(len(ids) for ids in communes.values())
    with transaction.atomic():
        for code, ids in communes.items():
            region = Collectivite.objects.get(type="region", code=code)
            reseau = Reseau.objects.filter(region=region).first() or Reseau.objects.create(
                nom=f"Réseau de mesure {region.nom}", slug=f"banc-{code}", region=region
            )
            followed = set(
                Mobilisation.objects.filter(reseau=reseau).values_list("collectivite_id", flat=True)
            )
            engaged = Mobilisation.objects.filter(reseau=reseau, etape__in=stages)
            wanted = round(total * len(ids) / everyone) - engaged.count()
            free = [pk for pk in ids if pk not in followed]
            Mobilisation.objects.bulk_create(
                (
                    Mobilisation(
                        reseau=reseau,
                        collectivite_id=pk,
                        etape=rng.choice(stages),
                    )
                    for pk in rng.sample(free, max(0, min(wanted, len(free))))
                ),
                batch_size=2000,
            )
    analyse()
    return Mobilisation.objects.filter(etape__in=stages).count()


def client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    browser = Client(HTTP_HOST="127.0.0.1")
    browser.force_login(get_user_model().objects.get(username="demo"))
    return browser


def page_url() -> str:
    return f"/territoires/{PAGE[0]}/{PAGE[1]}/"


def floor_queries() -> list[tuple[str, list]]:
    """The bare SQL of the rows the page shows (see the docstring)."""
    from passerelles.contacts.models import Contact
    from passerelles.core.models import Reseau
    from passerelles.leviers.pairs import peers_for
    from passerelles.leviers.profil import profiles
    from passerelles.mobilisation.models import FaitEngagement, Interaction, Mobilisation
    from passerelles.territoires.models import Collectivite

    reseau = Reseau.objects.get(slug="centraider")
    collectivite = Collectivite.objects.get(type=PAGE[0], code=PAGE[1])
    # Which peers the page shows, found once outside the timing: the floor reads their rows.
    profil = profiles(reseau=reseau, collectivites=Collectivite.objects.filter(pk=collectivite.pk))
    peers = [pair.profil.id for pair in peers_for(next(iter(profil.values())), reseau)]
    c, m, here, r = Collectivite._meta.db_table, Mobilisation._meta.db_table, collectivite.pk, reseau.pk
    return [
        (
            f"SELECT c.*, d.nom, e.nom, g.nom FROM {c} c LEFT JOIN {c} d ON d.id = c.departement_id "
            f"LEFT JOIN {c} e ON e.id = c.epci_id LEFT JOIN {c} g ON g.id = c.region_id WHERE c.id = %s",
            [here],
        ),
        (
            f"SELECT * FROM {m} WHERE reseau_id = %s AND collectivite_id = %s",
            [r, here],
        ),
        (f"SELECT * FROM {Contact._meta.db_table} WHERE reseau_id = %s AND collectivite_id = %s", [r, here]),
        (
            f"SELECT * FROM {Interaction._meta.db_table} WHERE reseau_id = %s AND collectivite_id = %s "
            "ORDER BY date DESC LIMIT 20",
            [r, here],
        ),
        (f"SELECT * FROM {FaitEngagement._meta.db_table} WHERE collectivite_id = %s", [here]),
        (f"SELECT * FROM {c} WHERE id IN ({', '.join(['%s'] * len(peers)) or 'NULL'})", peers),
    ]


def measure(runs: int) -> tuple[float, float]:
    """(page, floor), median milliseconds."""
    page = median_ms(page_getter(client(), page_url()), runs)
    floor = median_ms(bare_sql(floor_queries()), runs)
    return page, floor


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        engaged = engage(ENGAGED, random.Random(13))
        page, floor = measure(RUNS)
    verdict(f"collectivité page with {engaged} engaged collectivités", page, "ms", floor=floor, target=50)
    finish()


if __name__ == "__main__":
    main()
