"""The shipped catalogue loads on every database."""

import pytest

from passerelles.leviers.catalogue import read_catalogue
from passerelles.leviers.models import Instrument, PointEntree


@pytest.mark.parametrize(
    ("fichier", "model"), [("instruments.yaml", Instrument), ("points_entree.yaml", PointEntree)]
)
def test_every_shipped_text_fits_its_column(fichier, model):
    # SQLite does not enforce a column's length; PostgreSQL refuses the whole migration.
    lengths = {f.name: f.max_length for f in model._meta.fields if getattr(f, "max_length", None)}
    too_long = [
        f"{entry['code']}.{name} ({len(value)} > {lengths[name]})"
        for entry in read_catalogue(fichier)
        for name, value in entry.items()
        if name in lengths and isinstance(value, str) and len(value) > lengths[name]
    ]
    assert too_long == []
