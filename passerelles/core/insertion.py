"""Inserting many rows while holding the database's write lock as briefly as possible.

`bulk_create` turns every value into its database form while it writes: for 200,000
contacts that is about 20 s of Python inside the transaction, during which SQLite makes
every other writer wait (and fail after its busy timeout). Here the values are prepared
first, outside any transaction; the transaction then only runs `executemany`."""

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def insertable_fields(model, *, leave_out: Sequence[str] = ()) -> list[models.Field]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not field.primary_key and field.name not in leave_out
    ]


def database_row(instance: models.Model, fields: list[models.Field]) -> tuple:
    """The instance's values as the database stores them (defaults and auto_now applied)."""
    # The connection itself, not the `connection` proxy: each field's preparation reads its
    # `ops` and `features`, and through the proxy each read looks the connection up again
    # (17 of the 44 µs a contact row took).
    database = connections[DEFAULT_DB_ALIAS]
    return tuple(field.get_db_prep_save(field.pre_save(instance, True), database) for field in fields)


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple], *, batch: int = 5000) -> None:
    """Runs the INSERTs of rows prepared by `database_row` (plus any later columns)."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])
