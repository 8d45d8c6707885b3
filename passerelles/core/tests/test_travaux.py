"""Background work: a job runs in the worker, reports progress, and a job whose worker
died is taken up again by the next worker."""

import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from passerelles.core.fichiers import FichierInvalide, discard_upload, keep_upload, read_upload
from passerelles.core.models import EtatTravail, Travail
from passerelles.core.travaux import (
    launch,
    purge_old_files,
    recover_stale,
    report_progress,
    save_travail_file,
    travail_file,
    travail_task,
)

pytestmark = pytest.mark.django_db


@travail_task
def count_to(travail, *, jusqua):
    for n in range(1, jusqua + 1):
        report_progress(travail, n, jusqua, etape="Comptage")
    return {"compte": jusqua}


@travail_task
def always_fails(travail):
    raise ValueError("boom")


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def test_a_launched_job_is_done_by_the_worker_with_its_result(
    reseau, membre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        travail = launch(reseau=reseau, auteur=membre, task=count_to, libelle="Compter", jusqua=7)
    assert Travail.objects.get(pk=travail.pk).etat == EtatTravail.EN_ATTENTE

    run_worker()

    travail.refresh_from_db()
    assert (travail.etat, travail.fait, travail.total, travail.resultat) == ("termine", 7, 7, {"compte": 7})
    assert travail.cree_par == membre


def test_a_failing_job_is_marked_failed_with_a_french_message(
    reseau, membre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        travail = launch(reseau=reseau, auteur=membre, task=always_fails, libelle="Échouer")
    run_worker()
    travail.refresh_from_db()
    assert travail.etat == EtatTravail.ECHEC
    assert travail.erreur.startswith("Erreur inattendue")


def test_a_job_whose_worker_died_is_queued_again_and_finished(reseau, membre):
    travail = Travail.objects.create(
        reseau=reseau,
        nature=count_to.module_path,
        libelle="Compter",
        parametres={"jusqua": 3},
        etat=EtatTravail.EN_COURS,
        tentatives=1,
        battement=timezone.now() - timedelta(minutes=10),
    )
    assert recover_stale() == [travail.pk]
    run_worker()
    travail.refresh_from_db()
    assert (travail.etat, travail.tentatives, travail.resultat) == ("termine", 2, {"compte": 3})


def test_a_job_with_a_fresh_heartbeat_is_left_to_its_worker(reseau):
    Travail.objects.create(
        reseau=reseau,
        nature=count_to.module_path,
        libelle="x",
        etat=EtatTravail.EN_COURS,
        battement=timezone.now(),
    )
    assert recover_stale() == []


def test_a_job_interrupted_too_often_fails_instead_of_looping(reseau):
    travail = Travail.objects.create(
        reseau=reseau,
        nature=count_to.module_path,
        libelle="x",
        etat=EtatTravail.EN_COURS,
        tentatives=3,
        battement=timezone.now() - timedelta(hours=1),
    )
    recover_stale()
    travail.refresh_from_db()
    assert travail.etat == EtatTravail.ECHEC


def test_the_progress_page_shows_the_job_and_the_fragment_varies_on_htmx(client_membre, reseau):
    travail = Travail.objects.create(
        reseau=reseau, nature="x", libelle="Import de contacts", total=10, fait=4
    )
    page = client_membre.get(reverse("travail", args=[travail.pk]))
    assert "Import de contacts" in page.content.decode() and "4 sur 10" in page.content.decode()
    fragment = client_membre.get(reverse("travail", args=[travail.pk]), headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and "HX-Request" in fragment["Vary"]


def stored_long_ago(name: str, days: int) -> None:
    """Ages a stored file (the local storage keeps the modification time of the file)."""
    long_ago = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(default_storage.path(name), (long_ago, long_ago))


def test_files_older_than_the_retention_are_deleted_and_their_page_says_so(reseau, settings):
    settings.TRAVAUX_FICHIERS_JOURS = 7
    old, recent = (
        Travail.objects.create(
            reseau=reseau,
            nature="x",
            libelle="Export",
            etat=EtatTravail.TERMINE,
            resultat={
                "resume": "Export prêt.",
                "nom_fichier": "contacts.xlsx",
                "lien": "/travaux/1/fichier/",
            },
        )
        for _ in range(2)
    )
    for job in (old, recent):
        save_travail_file(job, "xlsx", b"PK")
    stored_long_ago(travail_file(old, "xlsx"), days=8)

    assert purge_old_files() == 1

    assert not default_storage.exists(travail_file(old, "xlsx"))
    assert default_storage.exists(travail_file(recent, "xlsx"))
    old.refresh_from_db()
    assert "lien" not in old.resultat
    assert old.resultat["resume"] == (
        "Export prêt. Le fichier, gardé 7 jours, a été supprimé : relancez l'export au besoin."
    )


def test_a_starting_worker_purges_the_old_files(reseau):
    travail = Travail.objects.create(reseau=reseau, nature="x", libelle="Export", etat=EtatTravail.TERMINE)
    save_travail_file(travail, "csv", b"a;b")
    stored_long_ago(travail_file(travail, "csv"), days=30)
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert not default_storage.exists(travail_file(travail, "csv"))


def test_a_kept_upload_stays_until_discarded_so_a_job_taken_up_again_reads_it():
    name = keep_upload(b"Nom;Courriel\n")
    assert read_upload(name) == read_upload(name) == b"Nom;Courriel\n"
    discard_upload(name)
    with pytest.raises(FichierInvalide, match="n'est plus disponible : téléversez-le de nouveau"):
        read_upload(name)


def test_an_upload_kept_as_a_path_before_the_storage_api_reads_as_no_longer_available(tmp_path):
    old_path = tmp_path / "ailleurs" / "televersement"
    old_path.parent.mkdir()
    old_path.write_bytes(b"Nom;Courriel\n")
    with pytest.raises(FichierInvalide, match="n'est plus disponible"):
        read_upload(str(old_path))
    discard_upload(str(old_path))
    assert old_path.exists()


def test_uploads_no_job_took_are_deleted_after_the_retention():
    forgotten, waiting = keep_upload(b"a"), keep_upload(b"b")
    stored_long_ago(forgotten, days=30)
    purge_old_files()
    assert not default_storage.exists(forgotten) and default_storage.exists(waiting)


def test_the_task_row_a_killed_worker_left_running_is_marked_failed(reseau, membre):
    from django_tasks_db.models import DBTaskResult

    travail = Travail.objects.create(
        reseau=reseau,
        nature=count_to.module_path,
        libelle="Compter",
        parametres={"jusqua": 3},
        etat=EtatTravail.EN_COURS,
        tentatives=1,
        battement=timezone.now() - timedelta(minutes=10),
    )
    killed = count_to.enqueue(travail.pk)
    DBTaskResult.objects.filter(id=killed.id).update(status="RUNNING", started_at=travail.battement)
    other = count_to.enqueue(travail.pk + 1000)
    DBTaskResult.objects.filter(id=other.id).update(status="RUNNING", started_at=timezone.now())
    recover_stale()
    dead = DBTaskResult.objects.get(id=killed.id)
    assert dead.status == "FAILED" and dead.finished_at is not None
    assert DBTaskResult.objects.get(id=other.id).status == "RUNNING"
    run_worker()
    travail.refresh_from_db()
    assert travail.etat == "termine"


def test_the_queue_is_read_in_the_database_only_with_django_tasks_db(settings):
    from passerelles.core.travaux import queue_in_database, running_task_rows

    assert queue_in_database() and running_task_rows("x.y") is not None
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not queue_in_database() and running_task_rows("x.y") is None
