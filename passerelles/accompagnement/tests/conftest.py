"""What the dossier tests share: a small commune of the Cher and the « Clés en main » programme."""

import pytest

from passerelles.leviers.models import Instrument
from passerelles.territoires.models import Collectivite


def commune(code: str) -> Collectivite:
    return Collectivite.objects.get(type="commune", code=code)


@pytest.fixture
def nerondes():
    return commune("18160")


@pytest.fixture
def cles_en_main():
    return Instrument.objects.get(code="cles-en-main")
