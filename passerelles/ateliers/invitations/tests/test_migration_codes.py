"""Invitations written before the short codes existed (migration ateliers 0009) get one each,
all different, and their letters and short links work."""

import datetime

import pytest
from django.test import Client

from conftest import migrate_to, migrate_to_latest, region
from passerelles.ateliers.invitations.models import ALPHABET_CODE, Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.models import Reseau

BEFORE = [("ateliers", "0008_offres_de_place")]


@pytest.mark.django_db(transaction=True)
def test_existing_invitations_each_get_their_own_code(reference_data_reloaded):
    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region("24"))
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2030, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
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
