"""Benchmark: a public registration end to end under gunicorn, against a bare view doing the
capacity check and the insert in one transaction.

Run with `.venv/bin/python benchmarks/inscription.py [--court] [postgres-url]`. A gunicorn
with 2 sync workers serves Passerelles as in production (DEBUG off, static files collected,
kept database connections) on loopback, plus the floor's bare view (`banc_wsgi.py`). One
client at a time, each registration from its own loopback address (the public form allows
20 posts an hour per address, and that rate limit's own cost stays in what is measured):
the form page is read (not timed), then the POST is timed until its redirect, through the
CSRF check, the rate limit, the real form, the matcher, the seat lock and the insert (the
contact behind the registration and its confirmation email are the worker's, traitement.py).
The floor is a POST of the same fields to the bare view, timed the same way, in turns with
the real ones so that a slower moment of the machine weighs on both. Each floor POST follows
the same untimed read of the form page as a real one: what a worker did just before weighs
on the next request (on this 2-core machine, a POST right after the page's rendering takes
longer than one right after another POST), so both are timed after the same.

Target (issue 23): median latency of a registration ≤ 3× the floor's.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from commun import database_argument, finish, setup_django, size, verdict

REGISTRATIONS = size(60, 5)
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One registrant: plain HTTP from their own loopback address, cookies kept by hand."""

    def __init__(self, port: int, n: int):
        self.port, self.address, self.cookies = port, f"127.0.{1 + n // 250}.{1 + n % 250}", {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, source_address=(self.address, 0))
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, data, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        connection.close()
        return response.status, text


def fields(n: int, collectivite: str) -> dict:
    return {
        "civilite": "",
        "prenom": "Claire",
        "nom": f"Mesure-{n}",
        "role": "",
        "collectivite": collectivite,
        "structure": "",
        "email": f"inscrite{n}@exemple.org",
        "besoins": "",
        "consentement": "on",
        "site_web": "",
    }


def register(port: int, n: int, path: str, collectivite: str) -> float:
    client = Client(port, n)
    status, page = client.request("GET", path)
    assert status == 200, (status, page[:300])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    status, page = client.request("POST", path, {"csrfmiddlewaretoken": token, **fields(n, collectivite)})
    elapsed = time.perf_counter() - started
    assert status == 302, (status, re.sub(r"\s+", " ", page)[:600])
    return elapsed


def bare(port: int, n: int, path: str, collectivite: str) -> float:
    client = Client(port, n)
    status, _ = client.request("GET", path)
    assert status == 200, status
    started = time.perf_counter()
    status, _ = client.request("POST", "/banc/plancher/", fields(n, collectivite))
    elapsed = time.perf_counter() - started
    assert status == 303, status
    return elapsed


def serve(database_url: str, atelier: int, static: Path, port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="banc-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(static),
        BANC_ATELIER=str(atelier),
        DJANGO_SETTINGS_MODULE="passerelles.settings",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--chdir={HERE}",
            f"--pythonpath={HERE.parent}",
            "--log-level=warning",
            "banc_wsgi:application",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.2)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = database_argument(tmp)
        setup_django(database)
        import datetime

        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from passerelles.ateliers.preparation.models import Atelier
        from passerelles.core.models import Reseau
        from passerelles.territoires.forms import collectivite_label
        from passerelles.territoires.models import Collectivite

        call_command("createcachetable", verbosity=0)
        static = Path(tmp) / "static"
        settings.STATIC_ROOT = static
        # Production serves hashed static files (whitenoise's manifest): pages need it.
        settings.STORAGES["staticfiles"]["BACKEND"] = (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
        call_command("collectstatic", interactive=False, verbosity=0)
        atelier = Atelier.objects.create(
            reseau=Reseau.objects.get(slug="centraider"),
            titre="Atelier de mesure des inscriptions",
            date=timezone.localdate() + datetime.timedelta(days=30),
            heure_debut=datetime.time(9, 30),
            heure_fin=datetime.time(12, 30),
            capacite=10_000,
        )
        bourges = collectivite_label(Collectivite.objects.get(type="commune", code="18033"))
        url = settings.DATABASES["default"]
        database_url = str(database) if str(database).startswith("postgres") else f"sqlite:///{url['NAME']}"
        connection.close()
        port = free_port()
        server = serve(database_url, atelier.pk, static, port)
        path = f"/ateliers/inscription/{atelier.jeton_public}/"
        try:
            for n in range(3):  # warm-up: each worker loads its code, the matcher, a connection
                register(port, 10_000 + n, path, bourges)
                bare(port, 20_000 + n, path, bourges)
            real, floor = [], []
            for n in range(REGISTRATIONS):
                real.append(register(port, n, path, bourges) * 1000)
                floor.append(bare(port, 5_000 + n, path, bourges) * 1000)
        finally:
            server.terminate()
            server.wait()
        # Every POST made its registration (a redirect alone could hide a refusal): the real
        # ones and the floor's, warm-up included.
        made = atelier.inscriptions.count()
        assert made == 2 * (REGISTRATIONS + 3), f"{made} registrations"
    print(
        f"registration: median {statistics.median(real):.1f} ms, slowest {max(real):.1f} ms; "
        f"bare view: median {statistics.median(floor):.1f} ms ({REGISTRATIONS} each, 1 client, 2 workers)"
    )
    verdict(
        "public registration under gunicorn (median latency)",
        statistics.median(real),
        "ms",
        floor=statistics.median(floor),
        target=3,
        ratio_target=True,
    )
    finish()


if __name__ == "__main__":
    main()
