"""The établissements publics territoriaux share out the communes of the Métropole du Grand
Paris: each member commune but Paris is in exactly one of the eleven."""

import pytest

from passerelles.territoires.ept import EPT_OF, EPTS
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def test_the_eleven_epts_share_out_the_communes_of_the_metropole_du_grand_paris():
    assert len(EPTS) == 11
    members = set(
        Collectivite.objects.filter(epci__code="200054781", actif=True).values_list("code", flat=True)
    )
    assert sum(len(ept.communes) for ept in EPTS) == len(EPT_OF)
    assert set(EPT_OF) == members
    assert EPT_OF["93008"].nom == "Est Ensemble"  # Bobigny
    assert EPT_OF["93048"].nom == "Est Ensemble"  # Montreuil


def test_a_commune_page_of_the_grand_paris_names_its_ept(client_membre):
    page = client_membre.get("/territoires/commune/93008/").content.decode()
    assert "Établissement public territorial" in page
    assert "Est Ensemble (T8)" in page
