"""Rows prepared before the transaction are written as the ORM would have written them."""

import pytest
from django.db import transaction

from passerelles.core.insertion import database_row, insert_rows, insertable_fields
from passerelles.core.models import EtatTravail, Travail

pytestmark = pytest.mark.django_db


def test_prepared_rows_are_written_with_their_values_defaults_and_automatic_dates(reseau):
    fields = insertable_fields(Travail)
    rows = [
        database_row(Travail(reseau=reseau, nature="x", libelle=f"Travail {n}", parametres={"n": n}), fields)
        for n in range(3)
    ]
    with transaction.atomic():
        insert_rows(Travail, [field.column for field in fields], rows, batch=2)

    written = Travail.objects.order_by("pk")
    assert [(t.libelle, t.parametres, t.etat) for t in written] == [
        (f"Travail {n}", {"n": n}, EtatTravail.EN_ATTENTE) for n in range(3)
    ]
    assert all(t.cree_le is not None for t in written)


def test_a_column_left_out_is_filled_at_writing_time(reseau, membre):
    fields = insertable_fields(Travail, leave_out=("cree_par",))
    row = database_row(Travail(reseau=reseau, nature="x", libelle="Travail"), fields)
    insert_rows(Travail, [field.column for field in fields] + ["cree_par_id"], [(*row, membre.pk)])
    assert Travail.objects.get().cree_par == membre
