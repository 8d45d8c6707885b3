"""The README's deployment commands, run as written on an empty database with DEBUG=0: each
ends well and prints no warning, and the served application answers. The test reads the
commands from the README, so that the documentation cannot drift from what works."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from passerelles.core.tests.test_settings import PRODUCTION

README = Path(settings.PROJECT_DIR) / "README.md"


def deployment_commands() -> list[str]:
    """The lines of the first shell block of « La mise en service », without their comments."""
    section = README.read_text().split("### La mise en service", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production(tmp_path):
    # The browser tests allow Django's sync calls from an event loop for themselves; a real
    # deployment never does, and check --deploy says so.
    test_only = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    inherited = {key: value for key, value in os.environ.items() if key not in test_only}
    return {
        **inherited,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
        "DATA_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "BEHIND_HTTPS_PROXY": "1",
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_EMAIL": "admin@passerelles.example.org",
        "DJANGO_SUPERUSER_PASSWORD": "un-mot-de-passe-solide-pour-l-essai",
    }


def run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=300)
    assert result.returncode == 0, f"{command}: {result.stderr}"
    assert "warning" not in (result.stdout + result.stderr).lower(), f"{command}: {result.stderr}"
    return result


def cli(command: str) -> list[str]:
    """A documented `passerelles …` line, run by this checkout's interpreter. The two that
    wait for a person or run forever get the flags their service manager would give."""
    args = command.split()[1:]
    if args[0] == "createsuperuser":
        args.append("--noinput")  # the account comes from DJANGO_SUPERUSER_*
    if args[0] == "worker":
        args.append("--batch")  # stops once the queue is empty
    return [sys.executable, "-m", "passerelles.cli", *args]


def wait_for(port: int) -> None:
    for _ in range(150):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("gunicorn ne répond pas")


def serve_and_probe(command: str, env: dict) -> int:
    """Starts the documented gunicorn line on a free port, asks for the login page as the
    HTTPS proxy would, and stops the server; returns the status code."""
    port = free_port()
    args = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}").split()[1:]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(port)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/connexion/",
            headers={"Host": "passerelles.example.org", "X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
        assert "warning" not in log.lower() and "Traceback" not in log, log


def test_the_readme_deployment_commands_work_on_an_empty_database_without_a_warning(production):
    commands = deployment_commands()
    assert [command.split()[:2] for command in commands[:4]] == [
        ["python3", "passerelles/ateliers/inscriptions/npm/installer.py"],
        ["pip", "install"],
        ["passerelles", "migrate"],
        ["passerelles", "import_territoires"],
    ]
    outputs = {}
    for command in commands:
        if command.startswith(("pip install", "python3 passerelles/")):
            continue  # this checkout is the installed package, with its jsQR
        if command.startswith("gunicorn "):
            assert serve_and_probe(command, production) == 200
            continue
        assert command.startswith("passerelles "), f"commande inconnue du test : {command}"
        outputs[command] = run(cli(command), production).stdout
    assert "System check identified no issues (0 silenced)." in outputs["passerelles check --deploy"]
    assert "passerelles worker" in outputs
