"""Benchmark: the réseau's yearly bilan (passerelles.bilan), all missions, page and files.

Run with `.venv/bin/python benchmarks/bilan.py [--court] [postgres-url]`. Two réseaux of the
Centre-Val de Loire, each with the pipeline history of `indicateurs.py` (3,000 stage changes,
6,000 exchanges, 400 engagement facts):
- « accompagnement » (issue 19): 200 ateliers in one year with 20,000 participants present, and
  2,000 dossiers moved through their states that year (one in ten with no amount known), with
  4,000 entries of accompaniment time;
- « ateliers » (issue 23): 200 ateliers in one year with 50,000 participants present.
Short mode: 10 ateliers of 25 participants and 100 dossiers each.

Floors, measured in the same run: the bare SQL reading the same rows — the year's ateliers
with their invitations, registrations and answers (as `indicateurs.py`), and for the first
réseau the bare aggregates of its dossiers, their moves, the time logged and the facts.

Targets: issue 19, the bilan page of the first réseau ≤ 500 ms; issue 23, the second réseau's
bilan page ≤ 300 ms, XLSX ≤ 500 ms, PDF ≤ 1,500 ms. Median of 3 (wall time), with the load average.
"""

import datetime
import random
import tempfile
from decimal import Decimal

import indicateurs
from commun import (
    analyse,
    bare_sql,
    database_argument,
    finish,
    load_average,
    median_ms,
    page_getter,
    setup_django,
    size,
    verdict,
)

RUNS = 3
YEAR = indicateurs.YEAR
ATELIERS = size(200, 10)
PRESENT_19, PRESENT_23 = size(100, 25), size(250, 25)
DOSSIERS = size(2000, 100)


def load_budget(ateliers: list) -> None:
    from passerelles.ateliers.preparation.models import LigneBudget

    LigneBudget.objects.bulk_create(
        LigneBudget(atelier=atelier, nature=nature, libelle=nature, montant=Decimal(amount), financeur=funder)
        for atelier in ateliers
        for nature, amount, funder in (
            ("depense", "1200", ""),
            ("depense", "300", ""),
            ("recette", "800", "Région"),
        )
    )


def load_dossiers(rng, reseau, user, communes: list[int]) -> None:
    """DOSSIERS dossiers, each moved to montage then on through the year, with two entries of
    time; their final states spread over those a year produces."""
    from django.utils import timezone

    from passerelles.accompagnement.models import Accompagnement, ChangementDossier, Dossier
    from passerelles.leviers.models import Instrument

    instruments = list(Instrument.objects.values_list("id", flat=True))
    paths = [
        ["en_montage"],
        ["en_montage", "depose"],
        ["en_montage", "depose", "retenu"],
        ["en_montage", "depose", "refuse"],
        ["abandonne"],
    ]
    dossiers, moves, logs = [], [], []
    for n in range(DOSSIERS):
        path = paths[n % len(paths)]
        known = n % 10 != 0
        dossiers.append(
            Dossier(
                reseau=reseau,
                collectivite_id=rng.choice(communes),
                instrument_id=rng.choice(instruments),
                etat=path[-1],
                montant_demande=Decimal(rng.randrange(5, 80) * 1000),
                montant_accorde=Decimal(rng.randrange(5, 60) * 1000)
                if known and path[-1] == "retenu"
                else None,
                part_collectivite=Decimal(rng.randrange(2, 30) * 1000) if known else None,
                suivi_par=user,
            )
        )
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=1000)
    for n, dossier in enumerate(dossiers):
        path, before = paths[n % len(paths)], "idee"
        for step, state in enumerate(path):
            day = datetime.date(YEAR, 1 + (n + 3 * step) % 12, 1 + n % 28)
            moves.append(
                ChangementDossier(
                    reseau=reseau,
                    dossier=dossier,
                    ancien=before,
                    nouvel=state,
                    motif="banc d'essai",
                    auteur=user,
                    quand=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                )
            )
            before = state
        for entry in range(2):
            logs.append(
                Accompagnement(
                    reseau=reseau,
                    dossier=dossier,
                    date=datetime.date(YEAR, 1 + (n + entry) % 12, 1 + n % 28),
                    type="rencontre",
                    heures=Decimal("1.5"),
                    auteur=user,
                )
            )
    changes = ChangementDossier.objects.bulk_create(moves, batch_size=2000)
    # auto_now_add set the moment of writing: the year's dates, as the history says.
    for change, move in zip(changes, moves, strict=True):
        change.quand = move.quand
    ChangementDossier.objects.bulk_update(changes, ["quand"], batch_size=2000)
    Accompagnement.objects.bulk_create(logs, batch_size=2000)


def dossier_floor(reseau) -> list[tuple[str, list]]:
    """The bare aggregates of the accompaniment and observation sections."""
    from passerelles.accompagnement.models import Accompagnement, ChangementDossier, Dossier
    from passerelles.mobilisation.models import FaitEngagement

    dossier, change = Dossier._meta.db_table, ChangementDossier._meta.db_table
    log, fact = Accompagnement._meta.db_table, FaitEngagement._meta.db_table
    since, until = f"{YEAR}-01-01", f"{YEAR + 1}-01-01"
    return [
        (
            f"SELECT etat, instrument_id, COUNT(*), SUM(montant_accorde), SUM(part_collectivite) "
            f"FROM {dossier} WHERE reseau_id = %s GROUP BY etat, instrument_id",
            [reseau.pk],
        ),
        (
            f"SELECT nouvel, COUNT(DISTINCT dossier_id) FROM {change} WHERE reseau_id = %s AND quand >= %s "
            "AND quand < %s GROUP BY nouvel",
            [reseau.pk, since, until],
        ),
        (
            f"SELECT COUNT(*), SUM(heures) FROM {log} WHERE reseau_id = %s AND date >= %s AND date < %s",
            [reseau.pk, since, until],
        ),
        (
            f"SELECT type, COUNT(DISTINCT collectivite_id) FROM {fact} WHERE reseau_id = %s GROUP BY type",
            [reseau.pk],
        ),
    ]


def new_reseau(slug: str, user):
    from passerelles.core.models import Membre, Reseau

    demo = Reseau.objects.get(slug="centraider")
    reseau = Reseau.objects.create(nom=f"Réseau {slug} (banc d'essai)", slug=slug, region=demo.region)
    account = type(user).objects.create(username=f"banc-{slug}")
    Membre.objects.create(utilisateur=account, reseau=reseau)
    return reseau, account


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from passerelles.ateliers.inscriptions.models import Inscription
        from passerelles.territoires.models import Collectivite

        rng = random.Random(19)
        demo_user = get_user_model().objects.get(username="demo")
        measured = {}
        for slug, present in (("accompagnement", PRESENT_19), ("ateliers", PRESENT_23)):
            reseau, user = new_reseau(slug, demo_user)
            communes = list(
                Collectivite.objects.filter(type="commune", region=reseau.region).values_list("id", flat=True)
            )
            indicateurs.load_history(rng, reseau, communes)
            ateliers = indicateurs.load_year(rng, reseau, user, communes, ATELIERS, present=present)
            load_budget(ateliers)
            if slug == "accompagnement":
                load_dossiers(rng, reseau, user, communes)
            measured[slug] = (reseau, user, [a.pk for a in ateliers])
        analyse()
        print(f"load average after loading: {load_average()}")
        results = {}
        for slug, (reseau, user, atelier_ids) in measured.items():
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            floor = indicateurs.rows_of(atelier_ids) + (
                dossier_floor(reseau) if slug == "accompagnement" else []
            )
            results[slug] = {
                "floor": median_ms(bare_sql(floor), RUNS),
                "page": median_ms(page_getter(client, f"/bilan/?annee={YEAR}"), RUNS),
                "xlsx": median_ms(page_getter(client, f"/bilan/?annee={YEAR}&format=xlsx"), RUNS),
                "pdf": median_ms(page_getter(client, f"/bilan/?annee={YEAR}&format=pdf"), RUNS),
                "participants": Inscription.objects.filter(atelier_id__in=atelier_ids, present=True).count(),
            }
    for slug, found in results.items():
        print(f"réseau « {slug} » ({found['participants']} participants):")
        for name in ("floor", "page", "xlsx", "pdf"):
            print(f"  {name:<6} {found[name]:.1f} ms")
    first, second = results["accompagnement"], results["ateliers"]
    what = f"{ATELIERS} ateliers, {first['participants']} participants, {DOSSIERS} dossiers"
    verdict(f"yearly bilan page, {what}", first["page"], "ms", floor=first["floor"], target=500)
    what = f"{ATELIERS} ateliers, {second['participants']} participants"
    floor = second["floor"]
    verdict(f"yearly bilan page, {what}", second["page"], "ms", floor=floor, target=300)
    verdict(f"yearly bilan XLSX, {what}", second["xlsx"], "ms", floor=floor, target=500)
    verdict(f"yearly bilan PDF, {what}", second["pdf"], "ms", floor=floor, target=1500)
    finish()


if __name__ == "__main__":
    main()
