"""Benchmark: search over 1,000 fiches, and the import of a 10-page fiche.

Run with `.venv/bin/python benchmarks/capitalisation.py`. The fiches are variations of the
demo fiche (sections reshuffled, words from a fixed French vocabulary), saved through the
service so that the search index is the real one. Floors, measured in the same run:
- search: the bare FTS5 MATCH query on the same index (sqlite3, no Django, no snippets);
- import: reading the same text with str.splitlines() and one regex pass over it.

Targets (issue 5): search ≤ 20 ms median; import of a 10-page fiche ≤ 1 s.
"""

import random
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from commun import machine, setup_django

FICHES, RUNS = 1000, 30
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


def floor_times(database: Path) -> list[float]:
    from passerelles.capitalisation.recherche import stems

    connection = sqlite3.connect(database)
    times = []
    for _ in range(RUNS):
        for query in QUERIES:
            match = " AND ".join(f'"{word}"' for word in stems(query))
            started = time.perf_counter()
            connection.execute(
                "SELECT rowid FROM capitalisation_fiche_fts WHERE capitalisation_fiche_fts MATCH ? "
                "ORDER BY bm25(capitalisation_fiche_fts) LIMIT 20",
                (match,),
            ).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    connection.close()
    return times


def ten_pages() -> str:
    """The seed repeated to about ten pages (≈ 4,000 words), or generated text if absent."""
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    files = list(seed.glob("*.txt"))
    base = files[0].read_text(encoding="utf-8") if files else "Limites\n" + " ".join(VOCABULARY * 40)
    return "\n\f\n".join([base] * 4)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        setup_django(database)
        load(random.Random(5))
        search = statistics.median(search_times())
        floor = statistics.median(floor_times(database))
    from passerelles.capitalisation.importation.decoupage import split_fiche

    text = ten_pages()
    started = time.perf_counter()
    split_fiche(text)
    import_time = time.perf_counter() - started
    started = time.perf_counter()
    len(text.splitlines()), len(re.findall(r"\w+", text))
    import_floor = time.perf_counter() - started
    print(f"machine: {machine()}")
    print(f"search over {FICHES} fiches: {search:.1f} ms median; floor (bare FTS5 query): {floor:.2f} ms")
    print(
        f"import of a 10-page fiche ({len(text.split())} words): {import_time * 1000:.0f} ms; "
        f"floor (split lines + one regex pass): {import_floor * 1000:.1f} ms"
    )
    ok = search <= 20 and import_time <= 1
    print(f"targets ≤ 20 ms / ≤ 1 s → {'OK' if ok else 'AU-DELÀ DE LA CIBLE'}")


if __name__ == "__main__":
    main()
