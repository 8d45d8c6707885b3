"""The queue's rows written by hand are django-tasks-db's own, column for column."""

import pytest
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from passerelles.core.file_travaux import FileEnBase, queue_in_database

pytestmark = pytest.mark.django_db


@task(priority=3, queue_name="default")
def saluer(nom: str, poli: bool = True) -> str:
    return f"Bonjour {nom}"


@task()
def plus_tard() -> None:
    pass


@pytest.mark.parametrize("queued", [saluer, plus_tard])
def test_a_task_queued_is_the_row_the_library_writes(queued):
    library = DatabaseBackend("default", {})
    ours = FileEnBase("default", {})
    args = ("Camille",) if queued is saluer else ()
    kwargs = {"poli": False} if queued is saluer else {}
    rows = [
        DBTaskResult.objects.filter(pk=backend.enqueue(queued, args, kwargs).id).values().get()
        for backend in (library, ours)
    ]
    different = {"id", "enqueued_at"}
    assert [{k: v for k, v in row.items() if k not in different} for row in rows] == [
        {k: v for k, v in rows[0].items() if k not in different}
    ] * 2
    assert DBTaskResult.objects.get(pk=rows[1]["id"]).task_result.status == "READY"


def test_the_default_queue_is_ours_and_can_be_read():
    assert isinstance(task_backends["default"], FileEnBase) and queue_in_database()
