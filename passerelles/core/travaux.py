"""Background work through Django's tasks API (django-tasks, database backend).

A `Travail` row is the user's view of a job: its progress, its result, its error. The task
itself only carries the row's id. Jobs must be resumable: a worker killed mid-job leaves
its row "en cours" with a stale heartbeat, and `recover_stale()` (run when a worker starts)
queues it again; the job then finishes what is left, since its writes are idempotent or
transactional.

Usage:

    @travail_task
    def import_rows(travail, *, path):
        for done, row in enumerate(rows, 1):
            ...
            report_progress(travail, done, total)
        return {"crees": n}

    travail = launch(reseau=…, auteur=…, task=import_rows, libelle="Import…", path="/…")
"""

import functools
import logging
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from .fichiers import discard_upload, old_uploads, stored_before, stored_names
from .journal import user_or_none
from .models import EtatTravail, Travail

logger = logging.getLogger(__name__)

# A running job writes its heartbeat at least this often; older means its worker died.
HEARTBEAT_EVERY = timedelta(seconds=5)
STALE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 3


def travail_task(function):
    """Turns `function(travail, **params)` into a django-tasks task run on a `Travail`."""

    @functools.wraps(function)
    def run(travail_id: int):
        travail = _start(travail_id)
        if travail is None:
            return None
        try:
            result = function(travail, **travail.parametres)
        except Exception as exc:
            logger.exception("Background job %s failed", travail.pk)
            _finish(travail, EtatTravail.ECHEC, erreur=_french_error(exc))
            return None
        _finish(travail, EtatTravail.TERMINE, resultat=result or {})
        return travail.pk

    run.__name__ = function.__name__
    run.__qualname__ = function.__qualname__
    return task(run)


def launch(*, reseau, auteur, task, libelle: str, **parametres) -> Travail:
    """Records the job and queues it once the surrounding transaction commits."""
    travail = Travail.objects.create(
        reseau=reseau,
        nature=task.module_path,
        libelle=libelle[:200],
        parametres=parametres,
        cree_par=user_or_none(auteur),
    )
    transaction.on_commit(lambda: task.enqueue(travail.pk))
    return travail


def launch_once(*, reseau, auteur, task, libelle: str, **parametres) -> Travail:
    """The same job already queued or running (a double click, a reload), else a new one."""
    same = {f"parametres__{name}": value for name, value in parametres.items()}
    running = Travail.objects.filter(
        reseau=reseau, nature=task.module_path, fini_le__isnull=True, **same
    ).first()
    return running or launch(reseau=reseau, auteur=auteur, task=task, libelle=libelle, **parametres)


def report_progress(travail: Travail, fait: int, total: int | None = None, etape: str = "") -> None:
    """Saves progress, at most once per heartbeat period unless the job is done."""
    now = timezone.now()
    travail.fait, travail.total = fait, total if total is not None else travail.total
    travail.etape = etape or travail.etape
    last = travail.battement
    if last is None or now - last >= HEARTBEAT_EVERY or (travail.total and fait >= travail.total):
        travail.battement = now
        Travail.objects.filter(pk=travail.pk).update(
            fait=travail.fait, total=travail.total, etape=travail.etape, battement=now
        )


# What each capability takes up when a worker starts and then every minute (a killed worker's
# claims), registered by the apps themselves so that the core knows none of them.
_RECOVERIES = []


def on_worker_start(recovery):
    _RECOVERIES.append(recovery)
    return recovery


def recover_all() -> list[int]:
    """Every registered recovery, then the jobs whose worker died; returns those jobs."""
    for recovery in _RECOVERIES:
        recovery()
    return recover_stale()


# What each capability looks for at every round of the worker (every `--interval` seconds),
# besides the queue: rows a request marked for the worker, which costs the request less than
# queuing a task (a registration's `a_traiter`).
_ROUNDS = []


def on_worker_round(look):
    _ROUNDS.append(look)
    return look


def round_all() -> None:
    for look in _ROUNDS:
        look()


def recover_stale(now=None) -> list[int]:
    """Queues again the jobs whose worker stopped sending heartbeats (killed, restarted)."""
    now = now or timezone.now()
    stale = Travail.objects.filter(etat=EtatTravail.EN_COURS, battement__lt=now - STALE_AFTER)
    recovered = []
    for travail in stale:
        _mark_dead_task_rows(travail, now)
        if travail.tentatives >= MAX_ATTEMPTS:
            _finish(travail, EtatTravail.ECHEC, erreur="Le travail a été interrompu trop de fois.")
            continue
        Travail.objects.filter(pk=travail.pk).update(etat=EtatTravail.EN_ATTENTE)
        import_string(travail.nature).enqueue(travail.pk)
        recovered.append(travail.pk)
    return recovered


def _mark_dead_task_rows(travail: Travail, now) -> None:
    """The queue's row of the run that died still says RUNNING: it failed, and says so (the
    job itself is queued again, or ends in failure, just above)."""
    running = running_task_rows(travail.nature)
    if running is not None:
        dead = [row.pk for row in running.only("args_kwargs") if row.args_kwargs.get("args") == [travail.pk]]
        mark_task_rows_dead(running.filter(pk__in=dead), now)


def queue_in_database() -> bool:
    """Whether the queue's rows can be read (DBTaskResult): not with another backend."""
    return isinstance(task_backends["default"], DatabaseBackend)


def running_task_rows(task_path: str):
    """The queue's rows of that task marked RUNNING, or None with another queue backend."""
    if not queue_in_database():
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="RUNNING", task_path=task_path)


def mark_task_rows_dead(rows, now) -> int:
    return rows.update(
        status="FAILED",
        finished_at=now,
        exception_class_path="passerelles.core.travaux.WorkerInterrompu",
        traceback="Le worker qui exécutait ce travail s'est arrêté sans prévenir (tué, redémarré).",
    )


def _start(travail_id: int) -> Travail | None:
    with transaction.atomic():
        travail = Travail.objects.select_for_update().filter(pk=travail_id).first()
        if travail is None or travail.termine:
            return None
        now = timezone.now()
        travail.etat = EtatTravail.EN_COURS
        travail.tentatives += 1
        travail.commence_le = travail.commence_le or now
        travail.battement = now
        travail.save(update_fields=["etat", "tentatives", "commence_le", "battement"])
    return travail


def _finish(travail: Travail, etat: str, *, resultat=None, erreur: str = "") -> None:
    travail.etat = etat
    travail.resultat = resultat if resultat is not None else travail.resultat
    travail.erreur = erreur
    travail.fini_le = timezone.now()
    if etat == EtatTravail.TERMINE and travail.total:
        travail.fait = travail.total
    travail.save(update_fields=["etat", "resultat", "erreur", "fini_le", "fait"])


def _french_error(exc: Exception) -> str:
    message = getattr(exc, "message_fr", None) or getattr(exc, "messages", None)
    if isinstance(message, list):
        message = " ".join(str(part) for part in message)
    return str(message) if message else "Erreur inattendue : le travail n'a pas pu aboutir."


TRAVAUX = "travaux"


def travail_file(travail: Travail, suffix: str) -> str:
    """The name, in the default storage, of the file a job produces (exports). The storage
    is never served as is: only `travail_fichier` hands the file out, to the job's réseau."""
    return f"{TRAVAUX}/{travail.pk}.{suffix}"


def save_travail_file(travail: Travail, suffix: str, data: bytes) -> None:
    name = travail_file(travail, suffix)
    default_storage.delete(name)  # a job taken up again writes its file anew, under the same name
    default_storage.save(name, ContentFile(data))


def travail_file_name(travail: Travail) -> str | None:
    nom_fichier = travail.resultat.get("nom_fichier", "") if isinstance(travail.resultat, dict) else ""
    if not nom_fichier:
        return None
    name = travail_file(travail, nom_fichier.rsplit(".", 1)[-1])
    return name if default_storage.exists(name) else None


@on_worker_start
def purge_old_files(now=None) -> int:
    """Deletes the files jobs produced more than TRAVAUX_FICHIERS_JOURS days ago (exports hold
    personal data) and says so on their job's page; returns how many were deleted. Uploads
    left behind as long (their job deleted or never run) go too."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TRAVAUX_FICHIERS_JOURS)
    for upload in old_uploads(cutoff):  # uploads no job took: their job was deleted or failed
        discard_upload(upload)
    old = stored_before(TRAVAUX, cutoff)
    note = (
        f"Le fichier, gardé {settings.TRAVAUX_FICHIERS_JOURS} jours, a été supprimé : "
        "relancez l'export au besoin."
    )
    for name in old:
        _drop_file(name, note)
    return len(old)


def drop_reseau_files(reseau, note: str) -> int:
    """Deletes every file the réseau's jobs produced (an erasure: an export made before it
    may hold the person), saying why on each job's page; returns how many were deleted."""
    jobs = set(Travail.objects.filter(reseau=reseau).values_list("pk", flat=True))
    names = [name for name in stored_names(TRAVAUX) if _job_id(name) in jobs]
    for name in names:
        _drop_file(name, note)
    return len(names)


def _job_id(name: str) -> int | None:
    stem = PurePosixPath(name).stem
    return int(stem) if stem.isdigit() else None


def _drop_file(name: str, note: str) -> None:
    default_storage.delete(name)
    travail = Travail.objects.filter(pk=_job_id(name)).first()
    if travail is not None and isinstance(travail.resultat, dict):
        travail.resultat.pop("lien", None)
        travail.resultat["resume"] = f"{travail.resultat.get('resume', '')} {note}".strip()
        travail.save(update_fields=["resultat"])
