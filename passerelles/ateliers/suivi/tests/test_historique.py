"""Where each collectivité stood before an atelier, computed for speed, is what the plain
reading of the dated records gives, on generated histories."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.ateliers.suivi.historique import CONNUE, ENGAGEE, NOUVELLE, RANG, Historique, start_of
from passerelles.mobilisation.models import Etape

DAYS = st.dates(min_value=datetime.date(2022, 1, 1), max_value=datetime.date(2025, 12, 31))
IDS = st.integers(min_value=1, max_value=6)


def plainly(records: dict, pk: int, day: datetime.date) -> tuple[str, bool]:
    """The definitions of historique.py, read off the records with no index nor shortcut."""
    moment = start_of(day).timestamp()
    before = [stage for when, stage in sorted(records["etapes"].get(pk, [])) if when < moment]
    stage = before[-1] if before else Etape.INCONNUE
    engaged_stage = stage in (Etape.ENGAGEE, Etape.DEJA_ENGAGEE)
    facts = records["engagements"].get(pk, [])
    far = not engaged_stage and not any(
        recorded < day or (begun is not None and begun <= day.year) for recorded, begun in facts
    )
    if engaged_stage or any(recorded < day for recorded, _ in facts):
        return ENGAGEE, far
    known_before = [d for d in records["echanges"].get(pk, []) + records["faits"].get(pk, []) if d < day]
    if stage != Etape.INCONNUE or known_before:
        return CONNUE, far
    return NOUVELLE, far


def built(records: dict) -> Historique:
    history = Historique()
    for pk, changes in records["etapes"].items():
        ordered = sorted(changes)
        history.etapes[pk] = ([when for when, _ in ordered], [stage for _, stage in ordered])
    for pk, facts in records["engagements"].items():
        if facts:
            history.premier_engagement[pk] = min(recorded for recorded, _ in facts)
        if begun := [year for _, year in facts if year is not None]:
            history.premier_debut[pk] = min(begun)
    history.premier_echange = {pk: min(days) for pk, days in records["echanges"].items() if days}
    history.premier_fait = {pk: min(days) for pk, days in records["faits"].items() if days}
    return history


RECORDS = st.fixed_dictionaries(
    {
        "etapes": st.dictionaries(
            IDS,
            st.lists(
                st.tuples(DAYS.map(lambda d: start_of(d).timestamp() + 3600), st.sampled_from(list(RANG))),
                max_size=4,
            ),
        ),
        "engagements": st.dictionaries(
            IDS, st.lists(st.tuples(DAYS, st.none() | st.integers(2015, 2026)), max_size=2)
        ),
        "echanges": st.dictionaries(IDS, st.lists(DAYS, max_size=3)),
        "faits": st.dictionaries(IDS, st.lists(DAYS, max_size=2)),
    }
)


@settings(max_examples=300, deadline=None)
@given(records=RECORDS, day=DAYS)
def test_where_a_collectivite_stood_is_what_its_records_say(records, day):
    history = built(records)
    assert history.situations(range(1, 7), day) == {pk: plainly(records, pk, day) for pk in range(1, 7)}
    for pk in range(1, 7):
        assert history.avant(pk, day) == plainly(records, pk, day), pk
