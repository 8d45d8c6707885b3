"""Runs every benchmark, each in its own process, to the end even when one reports KO or
crashes, then exits non-zero if any did (one KO must not hide the others).

`.venv/bin/python benchmarks/tous.py` (full sizes, what `make benchmark` runs), or with
`--court` (small sizes, what CI runs: only a crash fails; see commun.py). On SQLite, the
database with all of France and the demo is built once and copied by each benchmark.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    court = "--court" in sys.argv or os.environ.get("BENCH_COURT") == "1"
    only = [name for name in sys.argv[1:] if name.endswith(".py")]
    env = dict(os.environ, BENCH_COURT="1" if court else "0", PYTHONUNBUFFERED="1")
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "gabarit.sqlite3"
        step = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "commun.py"), str(template)], env=env, check=True)
        print(f"== template database (all of France, the demo): {time.perf_counter() - step:.0f} s")
        env["BENCH_GABARIT"] = str(template)
        for name in only or BENCHMARKS:
            print(f"\n== {name}{' (mode court)' if court else ''}", flush=True)
            step = time.perf_counter()
            code = subprocess.run([sys.executable, str(HERE / name)], env=env).returncode
            results.append((name, code, time.perf_counter() - step))
    print("\n== summary")
    for name, code, seconds in results:
        state = "ok" if code == 0 else ("KO" if code == 3 else f"crashed (exit {code})")
        print(f"  {name:<26} {seconds:6.0f} s  {state}")
    print(f"  total {time.perf_counter() - started:.0f} s")
    if any(code != 0 for _, code, _ in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
