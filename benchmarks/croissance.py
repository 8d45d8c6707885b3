"""Benchmark: how the pages of issue 23 grow with a réseau's history — each measured at 1×,
4× and 10× of its data, with the growth exponent (slope of log time against log size: 1 is
linear, 0 flat).

Run with `.venv/bin/python benchmarks/croissance.py [--court] [postgres-url]`. Sizes (1× →
10×): the indicators dashboard and the yearly bilan (page, XLSX, PDF) with 20 → 200 ateliers
of 250 participants; one atelier's indicators page while 20 → 200 other ateliers exist (it
should not grow at all); the collectivité page with 3,000 → 30,000 engaged collectivités.
Short mode: a tenth of those sizes. Data is added between the steps, never rebuilt.

Floor, measured at the same steps: the growth exponent of the bare SQL reading the same rows
(see indicateurs.py and collectivite.py): how fast the data a page must read grows.

Target (issue 23): every exponent ≤ 1.1.
"""

import datetime
import random
import tempfile

import collectivite
import indicateurs
from commun import (
    analyse,
    bare_sql,
    database_argument,
    finish,
    growth_exponent,
    median_ms,
    page_getter,
    setup_django,
    size,
    verdict,
)

STEPS = [1, 4, 10]
ATELIERS = size(20, 2)  # at 1×
ENGAGED = size(3_000, 300)  # at 1×
RUNS = size(5, 2)
YEAR = indicateurs.YEAR


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from passerelles.core.models import Reseau
        from passerelles.territoires.models import Collectivite

        rng = random.Random(23)
        reseau = Reseau.objects.get(slug="centraider")
        user = get_user_model().objects.get(username="demo")
        communes = list(
            Collectivite.objects.filter(type="commune", region=reseau.region).values_list("id", flat=True)
        )
        indicateurs.load_history(rng, reseau, communes)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        period = f"debut={YEAR}-01-01&fin={YEAR}-12-31"
        pages = {
            "indicators dashboard": f"/ateliers/tableau/?{period}",
            "yearly bilan page": f"/bilan/?annee={YEAR}",
            "yearly bilan XLSX": f"/bilan/?annee={YEAR}&format=xlsx",
            "yearly bilan PDF": f"/bilan/?annee={YEAR}&format=pdf",
        }
        sizes = {name: [] for name in [*pages, "one atelier's indicators page", "collectivité page"]}
        times = {name: [] for name in sizes}
        floors = {name: [] for name in sizes}
        # The atelier whose indicators page is measured at every step: the year's last, so that
        # every atelier added comes before it in the réseau's history.
        one = indicateurs.load_atelier(
            rng,
            reseau,
            user,
            communes,
            date=datetime.date(YEAR, 12, 31),
            titre="Atelier mesuré",
            invitees=indicateurs.PRESENT * 6 // 5,
            registered=indicateurs.PRESENT * 27 // 25,
            present=indicateurs.PRESENT,
        )
        ateliers = [one]
        for step in STEPS:
            ateliers += indicateurs.load_year(
                rng, reseau, user, communes, ATELIERS * step - len(ateliers), start=len(ateliers)
            )
            engaged = collectivite.engage(ENGAGED * step, rng)
            analyse()
            year_floor = median_ms(bare_sql(indicateurs.rows_of([a.pk for a in ateliers])), RUNS)
            for name, url in pages.items():
                sizes[name].append(len(ateliers))
                times[name].append(median_ms(page_getter(client, url), RUNS))
                floors[name].append(year_floor)
            name = "one atelier's indicators page"
            sizes[name].append(len(ateliers))
            times[name].append(median_ms(page_getter(client, f"/ateliers/{one.pk}/indicateurs/"), RUNS))
            floors[name].append(median_ms(bare_sql(indicateurs.rows_of([one.pk])), RUNS))
            page, floor = collectivite.measure(RUNS)
            sizes["collectivité page"].append(engaged)
            times["collectivité page"].append(page)
            floors["collectivité page"].append(floor)
            print(
                f"step {step}×: {len(ateliers)} ateliers, {engaged} engaged collectivités — "
                + ", ".join(f"{name} {values[-1]:.1f} ms" for name, values in times.items()),
                flush=True,
            )
    for name in times:
        exponent = growth_exponent(sizes[name], times[name])
        floor_exponent = growth_exponent(sizes[name], floors[name])
        steps = " → ".join(f"{t:.1f}" for t in times[name])
        print(f"{name}: {steps} ms at sizes {' → '.join(str(s) for s in sizes[name])}")
        verdict(f"growth exponent of the {name}", exponent, "", floor=floor_exponent, target=1.1)
    finish()


if __name__ == "__main__":
    main()
