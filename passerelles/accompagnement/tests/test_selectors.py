"""The dossiers a collectivité's page lists."""

import random

import pytest
from django.db.models import Q

from conftest import make_member
from passerelles.accompagnement import services
from passerelles.accompagnement.models import Dossier
from passerelles.accompagnement.selectors import dossiers_of

from .conftest import commune

pytestmark = pytest.mark.django_db


def joined_and_distinct(reseau, collectivite, limit):
    """The straightforward reading: the dossiers joined to their members, made distinct."""
    return list(
        Dossier.objects.for_reseau(reseau)
        .filter(Q(collectivite=collectivite) | Q(membres=collectivite))
        .distinct()
        .select_related("collectivite", "instrument")[:limit]
    )


def test_a_collectivite_has_the_dossiers_it_carries_or_joins_of_its_reseau_only_latest_first(
    reseau, membre, autre_reseau, cles_en_main
):
    rng = random.Random(7)
    places = [commune(code) for code in ("18160", "18031", "18054", "18033", "18175")]
    other_member = make_member("autre", autre_reseau)
    for n in range(40):
        carrier, *members = rng.sample(places, rng.randint(1, 4))
        services.dossier_create(
            reseau=reseau if n % 4 else autre_reseau,
            collectivite=carrier,
            instrument=cles_en_main,
            auteur=membre if n % 4 else other_member,
            membres=members,
        )
    for place in places:
        for limit in (3, 50):
            found = dossiers_of(reseau=reseau, collectivite=place, limit=limit)
            assert found == joined_and_distinct(reseau, place, limit), (place.code, limit)
        assert all(d.reseau_id == reseau.pk for d in found)
    assert len(dossiers_of(reseau=reseau, collectivite=places[0])) > 3
