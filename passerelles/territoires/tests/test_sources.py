"""The checks of the official files, asked of whole columns at once, pass exactly the records
that the record-by-record check passes (and that one names the first defect)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.territoires.sources import SCHEMAS, ReferentielInvalide, _check_record, _well_formed

from .sources import BLET, CHARLY, NERONDES

# What a JSON file can hold where a value is expected, the edges of each kind first.
EDGES = ["", "18", None, -1, 0, 2**31 - 1, 2**31, True, 1.5, [], ["18"], ["18", 1], [None], {}]
json_values = st.sampled_from(EDGES) | st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**33), 2**33)
    | st.floats(allow_nan=False)
    | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from("ab"), children, max_size=2)
    ),
    max_leaves=4,
)
VALID = {"texte": "18", "entier": 1403, "textes": ["18350"], "liste": []}
damage = st.tuples(
    st.integers(0, 2), st.sampled_from(sorted(SCHEMAS["communes"])), json_values, st.booleans()
)


def passes_record_by_record(records: list, schema: dict) -> bool:
    try:
        for position, record in enumerate(records, start=1):
            _check_record("communes.json", position, record, schema)
    except ReferentielInvalide:
        return False
    return True


def test_whole_files_of_well_formed_records_pass():
    assert _well_formed([NERONDES, BLET, CHARLY], SCHEMAS["communes"])
    assert _well_formed([], SCHEMAS["communes"])


@pytest.mark.parametrize("schema_name", ["communes", "epci", "membres"])
def test_each_edge_of_each_key_is_judged_alike(schema_name):
    schema = SCHEMAS[schema_name]
    for key in schema:
        for value in [*EDGES, "absent"]:
            record = {name: VALID[kind] for name, (kind, _) in schema.items()}
            if value == "absent":
                del record[key]
            else:
                record[key] = value
            records = [dict(record), record]
            assert _well_formed(records, schema) == passes_record_by_record(records, schema), (key, value)


@settings(max_examples=300, deadline=None)
@given(damages=st.lists(damage, max_size=3), stray=st.none() | json_values)
def test_the_column_check_passes_exactly_what_the_record_check_passes(damages, stray):
    records = [dict(NERONDES), dict(BLET), dict(CHARLY)]
    for position, key, value, delete in damages:
        if delete:
            records[position].pop(key, None)
        else:
            records[position][key] = value
    if stray is not None:  # a record that is not an object, or an object of other keys
        records.append(stray)
    schema = SCHEMAS["communes"]
    assert _well_formed(records, schema) == passes_record_by_record(records, schema)


@settings(max_examples=100, deadline=None)
@given(key=st.sampled_from(sorted(SCHEMAS["membres"])), value=json_values)
def test_epci_members_are_checked_alike(key, value):
    members = [{"code": "18160", "populationTotale": 1403}, {"code": "18031", key: value}]
    schema = SCHEMAS["membres"]
    assert _well_formed(members, schema) == passes_record_by_record(members, schema)
