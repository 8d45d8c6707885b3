"""The counts shown match the official ones, and the difference with the files is explained."""

import pytest

from passerelles.territoires.models import Collectivite
from passerelles.territoires.selectors import TYPE_FILTERS

pytestmark = pytest.mark.django_db


def shown(key: str) -> int:
    return Collectivite.objects.filter(TYPE_FILTERS[key][1], actif=True).count()


def test_communes_and_epci_match_the_official_counts_of_1_january_2025():
    assert shown("commune") == 34_875
    assert shown("epci") == 1_254


def test_what_the_official_counts_leave_out_is_typed_apart():
    units = Collectivite.objects.filter(TYPE_FILTERS["outre_mer"][1], actif=True)
    assert units.count() == 94
    assert {"Île de Clipperton", "Archipel des Kerguelen", "Uvea", "Collectivité de Saint-Barthélemy"} <= set(
        units.values_list("nom", flat=True)
    )
    lyon = Collectivite.objects.get(TYPE_FILTERS["statut_particulier"][1], type="epci")
    assert lyon.nom == "Métropole de Lyon"
    # Paris, Saint-Martin and Saint-Barthélemy are counted as the collectivités they are, once.
    communes_of_the_files = Collectivite.objects.filter(type="commune").exclude(actif=False, successeur=None)
    assert shown("commune") + units.count() == communes_of_the_files.count()
