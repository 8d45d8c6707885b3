"""The form field that reads a collectivité as people write it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelles.territoires.forms import CollectiviteField
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def queries_of(function) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured)


def test_a_field_that_only_records_the_collectivite_named_reads_it_no_further():
    CollectiviteField().clean("Nérondes (18)")  # the matcher is built once per process
    complete, full_reads = queries_of(lambda: CollectiviteField().clean("Nérondes (18)"))
    named, named_reads = queries_of(lambda: CollectiviteField(complete=False).clean("Nérondes (18)"))
    assert named_reads == full_reads - 1
    assert (named.pk, named.nom, named.code, named.type) == (complete.pk, "Nérondes", "18160", "commune")
    # What it was not given is read when asked for, and is the référentiel's.
    assert (
        named.departement == complete.departement == Collectivite.objects.get(type="departement", code="18")
    )
    assert named == complete
