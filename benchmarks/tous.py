"""Runs every benchmark, each in its own process, to the end even when one reports KO or
crashes, then exits non-zero if any did (one KO must not hide the others).

`.venv/bin/python benchmarks/tous.py` (full sizes, what `make benchmark` runs), or with
`--court` (small sizes, what CI runs: only a crash fails; see commun.py).

- `--fois N`: N rounds, interleaved (every benchmark once, then again…), so that a slow moment
  of the machine weighs on all of them; the summary gives, for every verdict, the median of
  its N figures and ratios, the verdict on those medians, and the load average of each run.
- a `postgres://…/name` URL: the benchmarks run on that PostgreSQL server. The database with
  all of France and the demo is built once (`name_gabarit`) and each benchmark gets its own
  copy of it (`name_banc`, made anew for every run), or an empty database when it loads its
  own data. The référentiel import, measured against a bare sqlite3 floor, is SQLite only.
On SQLite, the database with all of France and the demo is built once and copied by each
benchmark.

Benchmarks: name them on the command line (`tous.py inscription.py expedition.py`) to run
only those.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "import_territoires.py",
    "recherche.py",
    "import_contacts.py",
    "import_grand_fichier.py",
    "tableau.py",
    "leviers.py",
    "collectivite.py",
    "capitalisation.py",
    "accueil.py",
    "invitations.py",
    "expedition.py",
    "inscription.py",
    "pointage.py",
    "indicateurs.py",
    "bilan.py",
    "croissance.py",
]
SQLITE_ONLY = {"import_territoires.py"}
LOADS_ITS_OWN_DATA = {"invitations.py"}  # wants an empty database


def main() -> None:
    args = sys.argv[1:]
    court = "--court" in args or os.environ.get("BENCH_COURT") == "1"
    rounds = int(args[args.index("--fois") + 1]) if "--fois" in args else 1
    postgres = next((arg for arg in args if arg.startswith("postgres")), None)
    names = [arg for arg in args if arg.endswith(".py")] or BENCHMARKS
    if postgres:
        names = [name for name in names if name not in SQLITE_ONLY]
    env = dict(os.environ, BENCH_COURT="1" if court else "0", PYTHONUNBUFFERED="1")
    runs, started = [], time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        env["BENCH_RESULTATS"] = results = str(Path(tmp) / "resultats.jsonl")
        databases = Databases(postgres, Path(tmp), env)
        for round_ in range(1, rounds + 1):
            for name in names:
                print(f"\n== {name}{' (mode court)' if court else ''} — tour {round_}/{rounds}", flush=True)
                runs.append(run(name, round_, databases, env))
        verdicts = read(results)
    failed = summary(runs, verdicts, rounds, court)
    print(f"  total {time.perf_counter() - started:.0f} s")
    if failed:
        sys.exit(1)


class Databases:
    """Where each benchmark runs: a copy of the SQLite template (commun.GABARIT), or a fresh
    PostgreSQL database, copied from a template or empty."""

    def __init__(self, postgres: str | None, tmp: Path, env: dict):
        self.postgres = postgres
        step = time.perf_counter()
        if postgres:
            self.template = self._url("_gabarit")
            self._recreate(self.template)
            subprocess.run([sys.executable, str(HERE / "commun.py"), self.template], env=env, check=True)
        else:
            template = tmp / "gabarit.sqlite3"
            subprocess.run([sys.executable, str(HERE / "commun.py"), str(template)], env=env, check=True)
            env["BENCH_GABARIT"] = str(template)
        print(f"== template database (all of France, the demo): {time.perf_counter() - step:.0f} s")

    def arguments(self, name: str) -> tuple[list[str], dict]:
        if not self.postgres:
            return [], {}
        database = self._url("_banc")
        empty = name in LOADS_ITS_OWN_DATA
        self._recreate(database, template=None if empty else self.template)
        return [database], {} if empty else {"BENCH_PG_PRET": "1"}

    def _url(self, suffix: str) -> str:
        parts = urlsplit(self.postgres)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))

    def _recreate(self, url: str, template: str | None = None) -> None:
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        copy = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"{copy}')


def run(name: str, round_: int, databases: Databases, env: dict) -> tuple[str, int, int, float]:
    arguments, extra = databases.arguments(name)
    step = time.perf_counter()
    code = subprocess.run(
        [sys.executable, str(HERE / name), *arguments], env={**env, **extra, "BENCH_NOM": name}
    ).returncode
    return name, round_, code, time.perf_counter() - step


def read(path: str) -> list[dict]:
    if not Path(path).exists():
        return []
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def summary(runs: list, verdicts: list[dict], rounds: int, court: bool) -> bool:
    """Prints each run's outcome, then each verdict's medians; returns whether anything failed
    (in short mode, only a crash: its verdicts do not count)."""
    print("\n== summary")
    for name, round_, code, seconds in runs:
        state = "ok" if code == 0 else ("KO" if code == 3 else f"crashed (exit {code})")
        print(f"  {name:<26} tour {round_}  {seconds:6.0f} s  {state}")
    crashed = any(code not in (0, 3) for _, _, code, _ in runs)
    if rounds == 1:
        return any(code != 0 for _, _, code, _ in runs)
    print(f"\n== medians of {rounds} interleaved runs")
    any_ko = False
    for (benchmark, label), results in grouped(verdicts).items():
        line, ok = median_verdict(results)
        any_ko |= not ok
        print(f"  {benchmark} — {label}: {line}")
    return crashed or (any_ko and not court)


def grouped(verdicts: list[dict]) -> dict:
    """A benchmark's results by verdict: its label and its target (one figure may have two)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for result in verdicts:
        key = (result["benchmark"], f"{result['label']} [{result['target_text']}]")
        groups.setdefault(key, []).append(result)
    return groups


def median_verdict(results: list[dict]) -> tuple[str, bool]:
    value = statistics.median(result["value"] for result in results)
    ratios = [result["ratio"] for result in results if result["ratio"] is not None]
    ratio = statistics.median(ratios) if ratios else None
    floors = [result["floor"] for result in results if result["floor"] is not None]
    first = results[0]
    judged = ratio if first["ratio_target"] else value
    ok = judged is not None and judged <= first["target"]
    loads = " / ".join(f"{result['load']:.1f}" for result in results)
    floor = f"{statistics.median(floors):.4g}" if floors else "—"
    ratio_text = f"{ratio:.2f}×" if ratio is not None else "—"
    figures = ", ".join(f"{result['value']:.4g}" for result in results)
    return (
        f"{'OK' if ok else 'KO'} — median {value:.4g} {first['unit']} ({figures}), floor {floor}, "
        f"ratio {ratio_text}, target {first['target_text']}; load {loads}",
        ok,
    )


if __name__ == "__main__":
    main()
