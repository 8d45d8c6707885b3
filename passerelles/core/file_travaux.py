"""The queue of background work: django-tasks-db's, in the database itself.

Queuing is part of the public registration's request (its confirmation is queued with its
seat), so a task's row is written by one prepared INSERT (core/lignes.py) rather than by the
ORM, which cost twice as much. The row is the library's own, column for column
(test_file_travaux.py compares them)."""

from django_tasks import task_backends
from django_tasks.utils import normalize_json
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from .lignes import insert_one


class FileEnBase(DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs) -> DBTaskResult:
        return insert_one(
            DBTaskResult(
                id=self._get_id(),
                args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                # The library's pre_save signal does this; insert_one sends no signal.
                run_after=task.run_after or get_date_max(),
                backend_name=self.alias,
            )
        )


def queue_in_database() -> bool:
    """Whether the queue's rows can be read (DBTaskResult): not with another backend."""
    return isinstance(task_backends["default"], DatabaseBackend)
