"""`passerelles worker`: runs background work, first taking up what a dead worker left."""

import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from passerelles.core.travaux import STALE_AFTER, recover_all, round_all

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Exécute les travaux en arrière-plan (envois, imports, rapports)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Secondes entre deux recherches.")
        parser.add_argument("--batch", action="store_true", help="S'arrête quand il n'y a plus rien à faire.")

    def handle(self, *args, interval, batch, **options):
        recovered = recover_all()
        if recovered:
            self.stdout.write(f"Travaux repris : {len(recovered)}")
        round_all()
        if not batch:
            threading.Thread(target=_watch_stale, daemon=True).start()
            threading.Thread(target=_rounds, args=(interval,), daemon=True).start()
        # No autoreloader (django-tasks-db turns it on with DEBUG): it would run the worker in a
        # child process that outlives a killed parent and escapes the lease/recovery design.
        worker_options = {"interval": interval, "verbosity": options["verbosity"], "reload": False}
        if batch:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)


def _watch_stale():
    while True:
        time.sleep(STALE_AFTER.total_seconds() / 2)
        close_old_connections()
        recover_all()


def _rounds(interval: float):
    """Beside the queue, which db_worker reads at the same pace in the main thread."""
    while True:
        time.sleep(interval)
        close_old_connections()
        try:
            round_all()
        except Exception:
            logger.exception("A worker round failed; the next one comes in %s s", interval)
