"""Benchmark: importing a 10,000-row contact spreadsheet (read + match + dedup + insert).

Run with `.venv/bin/python benchmarks/import_contacts.py [--court] [postgres-url]`. The file
is generated from real collectivités of the référentiel, their names written as spreadsheets
write them ("Ville de X", "Mairie de X", "X (18)", "CC …"), with 5 % duplicate rows. The
floor, measured in the same run, is the bare INSERT (`executemany`, one transaction) of as
many contact rows as the import created, with the same names and addresses.

Target (issue 3): import of 10,000 rows ≤ 30 s.
"""

import random
import tempfile
import time

from commun import bare_insert, database_argument, finish, setup_django, size, verdict

ROWS = size(10_000, 500)


def spreadsheet(rng: random.Random) -> bytes:
    from passerelles.territoires.models import Collectivite

    communes = list(
        Collectivite.objects.filter(type="commune", actif=True).values_list("nom", "departement__code")
    )
    epcis = list(Collectivite.objects.filter(type="epci").values_list("nom", flat=True))
    writings = [
        lambda n, d: f"Ville de {n}",
        lambda n, d: f"Mairie de {n}",
        lambda n, d: f"{n} ({d})",
        lambda n, d: n.upper(),
        lambda n, d: n.replace("Saint-", "St-"),
    ]
    lines = ["Civilité;Prénom;Nom;Fonction;Courriel;Téléphone;Collectivité"]
    for n in range(ROWS):
        if n % 20 == 19:  # a duplicate of an earlier row
            lines.append(lines[rng.randrange(1, len(lines))])
            continue
        if n % 10 == 0:
            place = rng.choice(epcis)
        else:
            name, departement = rng.choice(communes)
            place = rng.choice(writings)(name, departement)
        lines.append(f"Mme;Prénom{n};Nom{n};Élue;personne{n}@exemple.org;02 48 00 {n % 100:02d} 00;{place}")
    return "\n".join(lines).encode("cp1252", errors="replace")


def time_import(data: bytes) -> tuple[float, dict]:
    from passerelles.contacts.importation.colonnes import guess_mapping
    from passerelles.contacts.importation.execution import plan_execute
    from passerelles.contacts.importation.lecture import read_table
    from passerelles.contacts.importation.plan import build_plan
    from passerelles.core.models import Reseau

    reseau = Reseau.objects.get(slug="centraider")
    started = time.perf_counter()
    table = read_table(data, taille_max=50 * 1024 * 1024)
    plan = build_plan(reseau=reseau, lignes=table.lignes, mapping=guess_mapping(table.en_tetes))
    counts = plan_execute(reseau=reseau, auteur=None, plan=plan, nom_fichier="bench.csv")
    return time.perf_counter() - started, counts


def time_floor(rows: int) -> float:
    return bare_insert(
        "contacts_contact",
        [{"nom": f"Plancher{n}", "prenom": "Démo", "email": f"plancher{n}@exemple.org"} for n in range(rows)],
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        data = spreadsheet(random.Random(2024))
        elapsed, counts = time_import(data)
        floor = time_floor(counts["creer"])
    print(
        f"rows: {ROWS}, created {counts['creer']}, merged {counts['mettre_a_jour']}, "
        f"skipped {counts['ignorer']}, "
        f"to check {counts['a_verifier']}"
    )
    print(f"import: {elapsed:.2f} s   floor (bare INSERT of {counts['creer']} contact rows): {floor:.3f} s")
    verdict(f"import of {ROWS} contact rows", elapsed, "s", floor=floor, target=30)
    finish()


if __name__ == "__main__":
    main()
