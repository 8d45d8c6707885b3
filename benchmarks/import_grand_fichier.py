"""Benchmark: a 200,000-row contact file through the import screens, as production serves
them (each request must stay far below gunicorn's 30 s timeout; the long steps run in the
worker), while someone else keeps writing.

Run with `.venv/bin/python benchmarks/import_grand_fichier.py [--court] [postgres-url]`. The
file is the one of `import_contacts.py` (real collectivités written as spreadsheets write
them, 5 % duplicates), 200,000 rows. Measured: each request of the journey (upload, mapping,
check, pages of rows, import), each worker step, and the waits of another writer: a thread
with its own connection that saves a réseau every 100 ms from before the upload to after the
import (SQLite lets one writer at a time; its busy timeout is 20 s).

Floors, measured in the same run:
- requests: the bare INSERT of the uploaded bytes into one row (what an upload must write);
- the worker's import: the bare INSERT of as many contact rows as it created;
- the other writer: its own longest write while nothing else runs.

Targets (issues 12 and 23): every request ≤ 2 s; the import finishes in the worker (checked:
the contacts are there); the other writer's longest wait ≤ 1 s.
"""

import random
import statistics
import tempfile
import threading
import time

from commun import bare_insert, database_argument, finish, setup_django, size, verdict
from import_contacts import spreadsheet

ROWS = size(200_000, 2_000)


def timed(label: str, timings: list, call):
    started = time.perf_counter()
    result = call()
    timings.append((label, started, time.perf_counter()))
    return result


def journey(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from passerelles.contacts.models import Contact, ImportContacts
    from passerelles.core.models import Membre

    client = Client()
    client.force_login(Membre.objects.get(reseau__slug="centraider").utilisateur)
    requests, steps = [], []

    def worker(label):
        timed(label, steps, lambda: call_command("worker", batch=True, interval=0, verbosity=0))

    with override_settings(IMPORT_TAILLE_MAX=50 * 1024 * 1024, ALLOWED_HOSTS=["*"]), OtherWriter() as other:
        fichier = SimpleUploadedFile("contacts.csv", data)
        upload = reverse("contacts:import")
        timed("téléversement", requests, lambda: client.post(upload, {"fichier": fichier}))
        worker("lecture du fichier")
        session = ImportContacts.objects.latest("pk")
        colonnes = reverse("contacts:import_colonnes", args=[session.pk])
        verification = reverse("contacts:import_verification", args=[session.pk])
        timed("colonnes", requests, lambda: client.get(colonnes))
        timed("verification (mise en file)", requests, lambda: client.get(verification))
        worker("vérification des lignes")
        page = timed("verification (page 1)", requests, lambda: client.get(verification))
        assert page.status_code == 200, page.status_code
        last = max(1, ROWS // 4000)  # a page far into the rows
        timed(f"verification (page {last})", requests, lambda: client.get(f"{verification}?page={last}"))
        timed("importer (mise en file)", requests, lambda: client.post(verification, {"importer": "1"}))
        worker("import")
    created = Contact.objects.filter(nom__startswith="Nom", prenom__startswith="Prénom").count()
    return requests, steps, other, created


class OtherWriter(threading.Thread):
    """Someone else saving something every 100 ms, in their own connection and transaction;
    remembers when each write started and how long it took."""

    def __init__(self):
        super().__init__()
        self.stop, self.writes = threading.Event(), []

    def run(self):
        from django.db import connection, transaction
        from django.db.models import F

        from passerelles.core.models import Reseau

        try:
            while not self.stop.wait(0.1):
                started = time.perf_counter()
                with transaction.atomic():
                    Reseau.objects.filter(slug="centraider").update(nom=F("nom"))
                self.writes.append((started, time.perf_counter() - started))
        except Exception as exc:  # noqa: BLE001  (a failed write is what is measured)
            self.writes.append((time.perf_counter(), float("inf")))
            print(f"another write failed: {exc}")
        finally:
            connection.close()

    def longest(self, start: float = 0.0, end: float = float("inf")) -> float:
        return max((wait for when, wait in self.writes if start <= when <= end), default=0.0)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.join()


def idle_writer() -> float:
    """The other writer's longest write while nothing else runs: the floor of its waits."""
    with OtherWriter() as other:
        time.sleep(size(2, 1))
    return other.longest()


def upload_floor(data: bytes) -> float:
    from django.db import connection, transaction

    blob = "BLOB" if connection.vendor == "sqlite" else "bytea"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS banc_fichier (donnees {blob})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO banc_fichier (donnees) VALUES (%s)", [data])
    return time.perf_counter() - started


def main() -> None:
    import import_contacts

    import_contacts.ROWS = ROWS
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        data = spreadsheet(random.Random(2024))
        writer_floor = idle_writer()
        requests, steps, other, created = journey(data)
        request_floor = upload_floor(data)
        insert_floor = bare_insert(
            "contacts_contact",
            [{"nom": f"Plancher{n}", "email": f"plancher{n}@exemple.org"} for n in range(created)],
        )
    print(f"file: {ROWS} rows, {len(data) / 1e6:.1f} MB; contacts created: {created}")
    for label, start, end in requests:
        print(f"  request {label:<30} {end - start:6.2f} s")
    for label, start, end in steps:
        print(
            f"  worker  {label:<30} {end - start:6.2f} s   "
            f"longest wait of the other writer: {other.longest(start, end):.2f} s"
        )
    waits = [wait for _, wait in other.writes]
    print(
        f"other writer: {len(waits)} writes, median {statistics.median(waits) * 1000:.1f} ms, "
        f"longest {max(waits):.2f} s; alone: longest {writer_floor * 1000:.1f} ms"
    )
    _, start, end = steps[-1]
    print(
        f"worker import {end - start:.2f} s; floor (bare INSERT of {created} contact rows): "
        f"{insert_floor:.2f} s, ratio {(end - start) / insert_floor:.1f}×"
    )
    # The import finished in the worker: every distinct row of the file is a contact now.
    assert created >= ROWS * 0.9, f"the import did not finish: {created} contacts of {ROWS} rows"
    slowest = max(end - start for _, start, end in requests)
    verdict("slowest request of the import journey", slowest, "s", floor=request_floor, target=2)
    verdict("other writer's longest wait during the import", max(waits), "s", floor=writer_floor, target=1)
    finish()


if __name__ == "__main__":
    main()
