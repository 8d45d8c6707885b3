"""Benchmark: search over 1,000 fiches, and the import of a 10-page fiche.

Run with `.venv/bin/python benchmarks/capitalisation.py [--court] [postgres-url]`. The fiches
are variations of the demo fiche (sections reshuffled, words from a fixed French
vocabulary), saved through the service so that the search index is the real one. The import
is what the import screen does with an uploaded file: read its text (`fiche_text`), then
split it into the fiche's sections (`split_fiche`). Floors, measured in the same run:
- search: the bare ranked query on the same index (FTS5 MATCH on SQLite, the tsvector query
  on PostgreSQL), no models, no snippets;
- import: decoding the same bytes and the bare INSERT of that text into one row (what any
  import of that file must do: read it and keep it).

Targets (issue 5): search ≤ 20 ms median; import of a 10-page fiche ≤ 1 s.
"""

import random
import statistics
import tempfile
import time
from pathlib import Path

from commun import database_argument, finish, setup_django, size, verdict

FICHES, RUNS = size(1000, 50), size(30, 5)
QUERIES = ["cooperation decentralisee", "ateliers", "communes rurales", "jumelage jeunesse", "trop technique"]
VOCABULARY = [
    "atelier",
    "collectivité",
    "commune",
    "rurale",
    "réseau",
    "jumelage",
    "coopération",
    "décentralisée",
    "élus",
    "agents",
    "eau",
    "déchets",
    "mobilité",
    "alimentation",
    "territoire",
    "partenaire",
    "projet",
    "financement",
    "témoignage",
    "région",
    "département",
    "jeunesse",
    "participation",
    "enseignement",
    "limite",
    "levier",
    "technique",
    "intercommunalité",
    "association",
    "solidarité",
]


def load(rng: random.Random) -> None:
    from passerelles.capitalisation.demo import DEMO_FICHE
    from passerelles.capitalisation.services import fiche_save
    from passerelles.core.models import Reseau

    reseau = Reseau.objects.get(slug="centraider")
    for n in range(FICHES):
        content = dict(DEMO_FICHE)
        content["titre"] = f"Fiche {n} : " + " ".join(rng.sample(VOCABULARY, 5))
        for key in ("resume", "objectifs", "resultats", "limites", "enseignements"):
            content[key] = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(40, 120)))
        fiche_save(reseau=reseau, auteur=None, **content)


def search_times() -> list[float]:
    from passerelles.capitalisation.recherche import fiche_search
    from passerelles.core.models import Reseau

    reseau = Reseau.objects.get(slug="centraider")
    times = []
    for _ in range(RUNS):
        for query in QUERIES:
            started = time.perf_counter()
            fiche_search(reseau=reseau, q=query, limit=20)
            times.append((time.perf_counter() - started) * 1000)
    return times


def floor_times() -> list[float]:
    from django.db import connection

    from passerelles.capitalisation.recherche import stems
    from passerelles.territoires.normalisation import normalise

    times = []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            for query in QUERIES:
                if connection.vendor == "postgresql":
                    vector = "vecteur_fr"  # as recherche.py reads it
                    matches = f"{vector} @@ plainto_tsquery('french', %s)"
                    sql = (
                        f"SELECT id FROM capitalisation_fiche WHERE {matches} "
                        f"ORDER BY ts_rank({vector}, plainto_tsquery('french', %s)) DESC LIMIT 20"
                    )
                    params = [normalise(query)] * 2
                else:
                    sql = (
                        "SELECT rowid FROM capitalisation_fiche_fts WHERE capitalisation_fiche_fts MATCH %s "
                        "ORDER BY bm25(capitalisation_fiche_fts) LIMIT 20"
                    )
                    params = [" AND ".join(f'"{word}"' for word in stems(query))]
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
    return times


def import_floor(data: bytes) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS banc_fiche (texte text)")
    started = time.perf_counter()
    text = data.decode("utf-8")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO banc_fiche (texte) VALUES (%s)", [text])
    return time.perf_counter() - started


def ten_pages() -> str:
    """The seed repeated to about ten pages (≈ 4,000 words), or generated text if absent."""
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    files = list(seed.glob("*.txt"))
    base = files[0].read_text(encoding="utf-8") if files else "Limites\n" + " ".join(VOCABULARY * 40)
    return "\n\f\n".join([base] * 4)


def main() -> None:
    from passerelles.capitalisation.importation.decoupage import split_fiche
    from passerelles.capitalisation.importation.lecture import fiche_text

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        load(random.Random(5))
        search = statistics.median(search_times())
        floor = statistics.median(floor_times())
        data = ten_pages().encode("utf-8")
        imports, floors = [], []
        for _ in range(size(5, 2)):
            started = time.perf_counter()
            split_fiche(fiche_text(data))
            imports.append(time.perf_counter() - started)
            floors.append(import_floor(data))
    import_time, import_floor_time = statistics.median(imports), statistics.median(floors)
    verdict(f"search over {FICHES} fiches (median)", search, "ms", floor=floor, target=20)
    verdict(
        f"import of a 10-page fiche ({len(data.split())} words)",
        import_time,
        "s",
        floor=import_floor_time,
        target=1,
    )
    finish()


if __name__ == "__main__":
    main()
