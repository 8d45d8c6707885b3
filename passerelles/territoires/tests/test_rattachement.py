"""What the réseau knew of a row the référentiel now carries (a stage of the Bas-Rhin, a
contact of the commune 75056) follows the collectivité with a statute of its own; what would
break a uniqueness is left on the circonscription and counted."""

import pytest

from passerelles.contacts.models import Contact
from passerelles.mobilisation.models import Mobilisation
from passerelles.territoires.models import Collectivite
from passerelles.territoires.rattachement import carried_ids, reattach

pytestmark = pytest.mark.django_db


def get(type_, code):
    return Collectivite.objects.get(type=type_, code=code)


def test_a_contact_and_a_stage_of_a_carried_row_follow_the_collectivite(reseau):
    contact = Contact.objects.create(
        reseau=reseau, nom="Martin", prenom="Anne", collectivite=get("commune", "75056")
    )
    bas_rhin = Mobilisation.objects.create(
        reseau=reseau, collectivite=get("departement", "67"), etape="contactee"
    )
    haut_rhin = Mobilisation.objects.create(
        reseau=reseau, collectivite=get("departement", "68"), etape="engagee"
    )
    assert reattach() == (2, 1)
    contact.refresh_from_db(), bas_rhin.refresh_from_db(), haut_rhin.refresh_from_db()
    assert contact.collectivite.code == "75C"
    assert bas_rhin.collectivite.code == "6AE"
    assert haut_rhin.collectivite.code == "68"  # the réseau follows the Alsace once: merge by hand


def test_every_carried_row_points_to_its_collectivite():
    carried = carried_ids()
    assert carried[get("departement", "2B").pk] == get("statut_particulier", "20R").pk
    assert len(carried) == 3 + 11 + 7  # communes, départements, régions of the files
