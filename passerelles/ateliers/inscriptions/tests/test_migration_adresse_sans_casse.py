"""Migration ateliers 0014 makes one active registration per address whatever its case; it
refuses, with the ateliers to look at, a base where two such registrations already exist."""

import pytest

from conftest import atelier_before_migrating, migrate_to, migrate_to_latest

BEFORE = [("ateliers", "0013_chiffres_des_reponses")]


def _two_case_variants(etat_of_the_second: str):
    atelier = atelier_before_migrating()
    reseau = atelier.reseau
    old = migrate_to(BEFORE)
    OldInscription = old.get_model("ateliers", "Inscription")
    for n, (email, etat) in enumerate(
        (("anne@exemple.fr", "confirmee"), ("Anne@Exemple.fr", etat_of_the_second))
    ):
        OldInscription.objects.create(
            reseau_id=reseau.pk, atelier_id=atelier.pk, nom="Anne", email=email, etat=etat, jeton=f"j{n}"
        )
    return atelier


@pytest.mark.django_db(transaction=True)
def test_two_active_case_variants_of_an_address_stop_the_migration_with_the_atelier_named(
    reference_data_reloaded,
):
    atelier = _two_case_variants("confirmee")
    with pytest.raises(RuntimeError, match=f"ateliers n° {atelier.pk}"):
        migrate_to_latest()
    migrate_to(BEFORE)
    from passerelles.ateliers.inscriptions.models import Inscription

    Inscription.objects.filter(email="Anne@Exemple.fr").update(etat="annulee")
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_case_variant_does_not_stop_the_migration(reference_data_reloaded):
    _two_case_variants("annulee")
    migrate_to_latest()
