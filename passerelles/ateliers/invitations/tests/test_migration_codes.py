"""Invitations written before the short codes existed (migration ateliers 0009) get one each,
all different, and their letters and short links work."""

import pytest
from django.test import Client

from conftest import atelier_before_migrating, migrate_to, migrate_to_latest
from passerelles.ateliers.invitations.models import ALPHABET_CODE, Invitation

BEFORE = [("ateliers", "0008_offres_de_place")]


@pytest.mark.django_db(transaction=True)
def test_existing_invitations_each_get_their_own_code(reference_data_reloaded):
    atelier = atelier_before_migrating()
    reseau = atelier.reseau
    old = migrate_to(BEFORE)
    OldInvitation = old.get_model("ateliers", "Invitation")
    for n in range(50):
        OldInvitation.objects.create(
            reseau_id=reseau.pk, atelier_id=atelier.pk, email=f"p{n}@exemple.fr", jeton=f"{n:032d}"
        )

    migrate_to_latest()

    codes = list(Invitation.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 50
    assert all(len(code) == 10 and set(code) <= set(ALPHABET_CODE) for code in codes)
    invitation = Invitation.objects.get(email="p7@exemple.fr")
    response = Client().get(f"/i/{invitation.code.lower()}")
    assert response["Location"] == f"/ateliers/inscription/i/{invitation.jeton}/"
