"""Deployment as the README documents it leaves a working advice page: the shipped catalogue
comes with `migrate` (a data migration), not from a command someone may forget."""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"
# Interactive, long-running or covered elsewhere (core/tests/test_settings.py checks `check --deploy`).
NOT_RUN_HERE = ("createsuperuser", "collectstatic", "check", "worker")
CACHE_CHECK = "from django.core.cache import cache; cache.set('essai', 'ok'); print(cache.get('essai'))"

PAGE_CHECK = """
from django.test import Client
from passerelles.core.models import Membre, Reseau
from passerelles.territoires.models import Collectivite
from django.contrib.auth import get_user_model
reseau = Reseau.objects.create(slug="r", nom="Réseau", region=Collectivite.objects.get(type="region", code="24"))
user = get_user_model().objects.create_user("agent", password="x")
Membre.objects.create(utilisateur=user, reseau=reseau)
client = Client(HTTP_HOST="localhost")
client.force_login(user)
print(client.get("/territoires/commune/18160/").content.decode())
"""


def documented_commands() -> list[list[str]]:
    block = (
        README.read_text(encoding="utf-8")
        .split("### La mise en service", 1)[1]
        .split("```sh", 1)[1]
        .split("```", 1)[0]
    )
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines()]
    return [line.split()[1:] for line in lines if line.startswith("passerelles ")]


def run(args: list[str], database: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "-m", "passerelles.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=900,
    )


def test_the_documented_deployment_gives_a_commune_page_its_advice(tmp_path):
    database = tmp_path / "neuve.sqlite3"
    commands = documented_commands()
    assert [c[0] for c in commands] == [
        "migrate",
        "import_territoires",
        "collectstatic",
        "check",
        "createsuperuser",
        "worker",
    ]
    for command in commands:
        if command[0] not in NOT_RUN_HERE:
            result = run(command, database)
            assert result.returncode == 0, result.stderr
    cache = run(["shell", "-c", CACHE_CHECK], database)  # migrate alone made the shared cache work
    assert cache.returncode == 0 and cache.stdout.split()[-1] == "ok", cache.stderr
    page = run(["shell", "-c", PAGE_CHECK], database)
    assert page.returncode == 0, page.stderr
    assert "Leviers pour Nérondes" in page.stdout
    assert "« Clés en main » (MEAE, DCTCIV)" in page.stdout
    assert "Qui dépose" in page.stdout
