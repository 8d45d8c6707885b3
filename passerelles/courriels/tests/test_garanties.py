"""The sending guarantees, with real worker processes, a real SMTP server on loopback and a
database shared with them (a fresh SQLite file, or a fresh PostgreSQL database when the suite
runs on PostgreSQL): no message lost, two workers at once never send one message twice, and a
worker killed at random and restarted delivers everything, a duplicate being at most the one
message in flight at each kill, with the same Message-ID."""

import asyncio
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from passerelles.courriels.tests.smtp_loopback import Boite, free_port  # noqa: F401

PROJECT = Path(__file__).resolve().parents[3]
PASSERELLES = Path(sys.executable).parent / "passerelles"
POSTGRES = connection.vendor == "postgresql"
# Short enough for the restarted worker to take back a killed one's claim within the test,
# long enough for any send on a busy machine (a shorter lease would itself cause duplicates).
KILL_LEASE = 5


class BoiteLente(Boite):
    """Takes a little while for each message, so that kills land while sending."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def boite():
    boite = BoiteLente()
    controller = Controller(boite, hostname="127.0.0.1", port=free_port())
    controller.start()
    boite.port = controller.port
    yield boite
    controller.stop()


def _env(url: str, boite=None, lease: int = 300) -> dict:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "ENVOIS_BAIL_SECONDES": str(lease),
        "PYTHONPATH": str(PROJECT),
    }
    if boite is not None:
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(boite.port), EMAIL_USE_TLS="0", EMAIL_USE_SSL="0")
    return env


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture(scope="module")
def modele(tmp_path_factory):
    """A migrated empty database, made once and copied for each test (migrating takes seconds)."""
    if POSTGRES:
        name = f"envois_modele_{uuid.uuid4().hex[:8]}"
        _pg_admin(f"CREATE DATABASE {name}")
        url = _pg_url(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('envois') / 'modele.sqlite3'}"
    subprocess.run([PASSERELLES, "migrate", "-v0"], env=_env(url), check=True, cwd=PROJECT)
    yield url
    if POSTGRES:
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def base(modele, tmp_path):
    if POSTGRES:
        name = f"envois_{uuid.uuid4().hex[:8]}"
        _pg_admin(f"CREATE DATABASE {name} TEMPLATE {modele.rsplit('/', 1)[1]}")
        yield _pg_url(name)
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        copy = tmp_path / "envois.sqlite3"
        shutil.copy(modele.removeprefix("sqlite:///"), copy)
        yield f"sqlite:///{copy}"


def _query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as db:
        return db.execute(sql).fetchall()


def _states(url: str) -> Counter:
    return Counter(dict(_query(url, "SELECT etat, COUNT(*) FROM courriels_message GROUP BY etat")))


def _seed(url: str, messages: int, tasks: int) -> set[str]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "passerelles.courriels.tests.envois_sous_processus",
            str(messages),
            str(tasks),
        ],
        env=_env(url),
        check=True,
        cwd=PROJECT,
    )
    return {row[0] for row in _query(url, "SELECT message_id FROM courriels_message")}


def _worker(url: str, boite, lease: int = 300) -> subprocess.Popen:
    return subprocess.Popen(
        [PASSERELLES, "worker", "--interval", "0.05", "-v0"],
        env=_env(url, boite, lease),
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_two_workers_at_once_never_send_the_same_message_twice(base, boite):
    expected = _seed(base, messages=200, tasks=2)
    workers = [_worker(base, boite), _worker(base, boite)]
    try:
        assert _wait(lambda: _states(base).get("envoye") == len(expected), timeout=60), _states(base)
    finally:
        for process in workers:
            _stop(process)
    received = Counter(boite.message_ids())
    assert set(received) == expected and max(received.values()) == 1
    claimers = _query(base, "SELECT COUNT(DISTINCT reclame_par) FROM courriels_message")[0][0]
    assert claimers == 2  # both workers did take part


def test_a_worker_killed_at_random_and_restarted_delivers_everything(base, boite):
    expected = _seed(base, messages=80, tasks=1)
    rng = random.Random(8)
    kills = 0
    for _ in range(4):
        process = _worker(base, boite, lease=KILL_LEASE)
        before = len(boite.recus)
        started = _wait(lambda before=before: len(boite.recus) > before, timeout=30)
        time.sleep(rng.uniform(0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += started
    assert kills >= 2 and _states(base).get("envoye", 0) < len(expected)  # the kills hit while sending
    final = _worker(base, boite, lease=KILL_LEASE)  # restarted: takes back the claims left by the killed ones
    try:
        assert _wait(lambda: _states(base).get("envoye") == len(expected), timeout=60), _states(base)
    finally:
        _stop(final)
    received = Counter(boite.message_ids())
    duplicates = {message_id: n for message_id, n in received.items() if n > 1}
    assert set(received) == expected  # nothing lost, no message under another Message-ID
    assert len(duplicates) <= kills and all(n == 2 for n in duplicates.values())
    retried = _query(base, "SELECT COUNT(*) FROM courriels_message WHERE tentatives > 1")[0][0]
    assert len(duplicates) <= retried <= kills


def test_the_worker_is_one_process_even_in_development(base, boite):
    """django-tasks-db reloads on code changes when DEBUG is on, by running the worker in a
    child process: a SIGKILL would then leave that child sending. Ours never does."""
    process = _worker(base, boite)
    try:
        time.sleep(2)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert process.poll() is None and children == []
    finally:
        _stop(process)


@pytest.mark.django_db
def test_the_queue_row_of_a_killed_sending_run_is_marked_failed_and_a_live_one_is_not(reseau):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from passerelles.courriels import expedition
    from passerelles.courriels.models import Message
    from passerelles.courriels.services import queue_message

    long_ago = timezone.now() - expedition.lease() - timedelta(minutes=1)
    killed = expedition.send_pending.enqueue()
    DBTaskResult.objects.filter(id=killed.id).update(status="RUNNING", started_at=long_ago)
    message, _ = queue_message(
        reseau=reseau, cle="vivant", nature="confirmation", destinataire="a@b.fr", sujet="s", corps="c"
    )
    Message.objects.filter(pk=message.pk).update(etat="en_cours", reclame_le=timezone.now())
    expedition.recover_outbox()
    assert DBTaskResult.objects.get(id=killed.id).status == "RUNNING"  # a claim is fresh: alive
    Message.objects.filter(pk=message.pk).update(reclame_le=long_ago)
    expedition.recover_outbox()
    dead = DBTaskResult.objects.get(id=killed.id)
    assert dead.status == "FAILED" and dead.finished_at is not None
