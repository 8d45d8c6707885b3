"""Registrations made before QR check-in (migration ateliers 0009) get a check-in code each."""

import pytest

from conftest import atelier_before_migrating, migrate_to, migrate_to_latest
from passerelles.ateliers.inscriptions.models import ALPHABET_ACCUEIL, Inscription

BEFORE = [("ateliers", "0008_offres_de_place")]


@pytest.mark.django_db(transaction=True)
def test_registrations_made_before_qr_check_in_each_get_their_own_code(reference_data_reloaded):
    atelier = atelier_before_migrating()
    reseau = atelier.reseau
    old = migrate_to(BEFORE)
    OldInscription = old.get_model("ateliers", "Inscription")
    for n in range(3):
        OldInscription.objects.create(
            reseau_id=reseau.pk, atelier_id=atelier.pk, nom=f"Nom {n}", jeton=f"j{n}"
        )

    migrate_to_latest()

    codes = list(Inscription.objects.values_list("jeton_accueil", flat=True))
    assert len(set(codes)) == 3
    assert all(len(code) == 12 and set(code) <= set(ALPHABET_ACCUEIL) for code in codes)
