"""Whatever a source file holds, the import either succeeds or refuses with a French
message, and a refusal leaves the référentiel untouched."""

import json

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.territoires.importer import referentiel_import
from passerelles.territoires.models import Collectivite
from passerelles.territoires.sources import ReferentielInvalide

from .sources import write_sources

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=300),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)
FILES = ("regions", "departements", "communes", "epci")


class Rollback(Exception):
    pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filename=st.sampled_from(FILES),
    key=st.sampled_from(
        ["code", "nom", "type", "region", "departement", "population", "membres", "codesPostaux"]
    ),
    value=json_values,
    delete=st.booleans(),
)
def test_a_damaged_record_is_imported_or_refused_cleanly(
    empty_referentiel, tmp_path_factory, filename, key, value, delete
):
    directory = write_sources(tmp_path_factory.mktemp("sources"))
    path = directory / f"{filename}.json"
    records = json.loads(path.read_text())
    if delete:
        records[0].pop(key, None)
    else:
        records[0][key] = value
    path.write_text(json.dumps(records))

    before = Collectivite.objects.count()
    try:
        with transaction.atomic():
            referentiel_import(directory=directory)
            raise Rollback
    except ReferentielInvalide as refusal:
        assert f"{filename}.json" in str(refusal)
    except Rollback:
        pass
    assert Collectivite.objects.count() == before
