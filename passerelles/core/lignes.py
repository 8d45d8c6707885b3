"""One row read or written by SQL the ORM would have written, for the few requests where
building the ORM's query costs more than running it (the public registration's POST: about
0.1 ms a query, a third of the bare work that request compares with).

The statements and their converters are worked out once per model and column list; each call
then only turns its values into their database form, or back."""

import functools
from collections.abc import Sequence

from django.db import connection, models

from .insertion import database_row


def insert_one(instance: models.Model) -> models.Model:
    """Saves a new instance as `save()` would (defaults, auto_now, its primary key set), without
    signals: for models no signal listens to."""
    model = type(instance)
    fields, sql, returning = _insert_statement(model, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, database_row(instance, fields))
        if returning:
            instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def read_one(model, sql: str, params: Sequence | dict) -> models.Model | None:
    """The first row of `sql` as an instance: the model's columns it selects (the others load
    if read), and any other column as a plain attribute, as `raw()` does; None without a row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        columns = tuple(column[0] for column in cursor.description)
    if row is None:
        return None
    attnames, order, converters, extra = _reading(model, columns, connection.vendor)
    values = [_convert(row[index], converters[index]) for index in order]
    instance = model.from_db(connection.alias, attnames, values)
    for index in extra:
        setattr(instance, columns[index], row[index])
    return instance


def _convert(value, steps):
    for convert, expression in steps:
        value = convert(value, expression, connection)
    return value


@functools.cache
def _insert_statement(model, vendor: str) -> tuple[list[models.Field], str, bool]:
    """The fields to send, the INSERT, and whether it returns the primary key (the database
    makes it: SQLite ≥ 3.35 and PostgreSQL return it, as the outbox already requires)."""
    fields = [field for field in model._meta.local_concrete_fields if not field.db_returning]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = model._meta.pk not in fields
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return fields, sql, returning


@functools.cache
def _reading(model, columns: tuple[str, ...], vendor: str) -> tuple[list[str], list[int], dict, list[int]]:
    """The model's attribute names in its own order (as `from_db` takes them), the position
    of each in the row, the converters the ORM would apply to each column, and the positions
    of the columns that are not the model's."""
    by_column = {field.column: field for field in model._meta.concrete_fields}
    converters = {}
    for index, column in enumerate(columns):
        field = by_column.get(column)
        if field is not None:
            expression = field.get_col(model._meta.db_table)
            steps = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
            converters[index] = [(convert, expression) for convert in steps]
    position = {column: index for index, column in enumerate(columns)}
    in_model_order = [field for field in model._meta.concrete_fields if field.column in position]
    return (
        [field.attname for field in in_model_order],
        [position[field.column] for field in in_model_order],
        converters,
        [index for index in range(len(columns)) if index not in converters],
    )
