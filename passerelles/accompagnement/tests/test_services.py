import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from passerelles.accompagnement import services
from passerelles.accompagnement.models import ChangementDossier, Dossier, Etat
from passerelles.contacts.models import Organisation
from passerelles.core.models import Journal
from passerelles.mobilisation.models import ChangementEtape, Etape, Preuve
from passerelles.mobilisation.services import etape_of, etape_set

from .conftest import commune

pytestmark = pytest.mark.django_db


def test_a_dossier_starts_as_an_idea_with_the_verdict_and_the_rule_that_produced_it(
    reseau, membre, nerondes, cles_en_main
):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )
    assert dossier.etat == Etat.IDEE
    assert dossier.suivi_par == membre
    # A small commune does not submit « Clés en main » itself: the verdict names its route.
    assert dossier.verdict_statut == "accessible_via"
    assert dossier.verdict_route
    assert dossier.verdict_regle == "depose"
    assert dossier.get_verdict_regle_display().startswith("Qui dépose")
    assert Journal.objects.filter(reseau=reseau, action="dossier", objet_id=dossier.pk).exists()


def test_unknown_amounts_stay_unknown_never_zero(reseau, membre, nerondes, cles_en_main):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )
    assert dossier.montant_demande is None and dossier.montant_accorde is None
    assert dossier.part_collectivite is None


def test_amounts_are_never_negative(reseau, membre, nerondes, cles_en_main):
    with pytest.raises(ValidationError):
        services.dossier_create(
            reseau=reseau,
            collectivite=nerondes,
            instrument=cles_en_main,
            auteur=membre,
            montant_demande=Decimal("-1"),
        )
    assert not Dossier.objects.exists()


def test_the_partner_country_is_read_as_an_iso_code(reseau, membre, nerondes, cles_en_main):
    dossier = services.dossier_create(
        reseau=reseau,
        collectivite=nerondes,
        instrument=cles_en_main,
        auteur=membre,
        pays="Burkina Faso",
        partenaire="Commune de Koudougou",
    )
    assert dossier.pays_code == "BF"


def test_each_move_is_dated_with_its_reason_and_journaled(reseau, membre, nerondes, cles_en_main):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )
    services.dossier_move(dossier=dossier, etat=Etat.EN_MONTAGE, motif="partenaire trouvé", auteur=membre)
    services.dossier_move(dossier=dossier, etat=Etat.DEPOSE, motif="déposé le 3 mars", auteur=membre)
    history = list(ChangementDossier.objects.filter(dossier=dossier).order_by("id"))
    assert [(h.ancien, h.nouvel, h.motif) for h in history] == [
        ("idee", "en_montage", "partenaire trouvé"),
        ("en_montage", "depose", "déposé le 3 mars"),
    ]
    assert history[0].auteur == membre and history[0].quand is not None
    assert Journal.objects.filter(reseau=reseau, action="dossier_etat", objet_id=dossier.pk).count() == 2


def test_a_move_needs_a_reason_and_must_be_allowed(reseau, membre, nerondes, cles_en_main):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )
    with pytest.raises(ValidationError):
        services.dossier_move(dossier=dossier, etat=Etat.RETENU, motif="trop tôt", auteur=membre)
    with pytest.raises(ValidationError):
        services.dossier_move(dossier=dossier, etat=Etat.EN_MONTAGE, motif="  ", auteur=membre)
    dossier.refresh_from_db()
    assert dossier.etat == Etat.IDEE
    assert not ChangementDossier.objects.exists()


def _deposited(reseau, membre, collectivite, instrument):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=collectivite, instrument=instrument, auteur=membre
    )
    services.dossier_move(dossier=dossier, etat=Etat.EN_MONTAGE, motif="m", auteur=membre)
    services.dossier_move(dossier=dossier, etat=Etat.DEPOSE, motif="d", auteur=membre)
    return dossier


def test_a_dossier_retained_moves_the_collectivite_to_engaged_with_the_dossier_as_evidence(
    reseau, membre, nerondes, cles_en_main
):
    etape_set(reseau=reseau, collectivite=nerondes, etape=Etape.INTERESSEE, auteur=membre)
    dossier = _deposited(reseau, membre, nerondes, cles_en_main)
    services.dossier_move(dossier=dossier, etat=Etat.RETENU, motif="lettre du MEAE", auteur=membre)
    assert etape_of(reseau=reseau, collectivite=nerondes) == Etape.ENGAGEE
    change = ChangementEtape.objects.filter(reseau=reseau, collectivite=nerondes).first()
    assert change.preuve == Preuve.DOSSIER
    assert "Clés en main" in change.motif


def test_a_retained_dossier_never_moves_a_stage_backwards(reseau, membre, nerondes, cles_en_main):
    etape_set(reseau=reseau, collectivite=nerondes, etape=Etape.DEJA_ENGAGEE, auteur=membre)
    dossier = _deposited(reseau, membre, nerondes, cles_en_main)
    services.dossier_move(dossier=dossier, etat=Etat.RETENU, motif="retenu", auteur=membre)
    assert etape_of(reseau=reseau, collectivite=nerondes) == Etape.DEJA_ENGAGEE


def test_a_refused_dossier_leaves_the_stage_alone(reseau, membre, nerondes, cles_en_main):
    dossier = _deposited(reseau, membre, nerondes, cles_en_main)
    services.dossier_move(dossier=dossier, etat=Etat.REFUSE, motif="budget épuisé", auteur=membre)
    assert etape_of(reseau=reseau, collectivite=nerondes) == Etape.INCONNUE


def test_the_accompaniment_log_sums_the_hours(reseau, membre, nerondes, cles_en_main):
    dossier = services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )
    services.log_add(
        dossier=dossier,
        auteur=membre,
        date=datetime.date(2026, 3, 2),
        type="rencontre",
        heures=Decimal("2.5"),
        note="Rencontre en mairie",
    )
    services.log_add(
        dossier=dossier, auteur=membre, date=datetime.date(2026, 3, 9), type="appel", heures=Decimal("0.5")
    )
    assert services.hours_of(dossier) == Decimal("3.0")
    with pytest.raises(ValidationError):
        services.log_add(
            dossier=dossier, auteur=membre, date=datetime.date(2026, 3, 9), type="appel", heures=Decimal("-1")
        )


def test_members_and_a_carrying_association_belong_to_the_dossier(reseau, membre, nerondes, cles_en_main):
    association = Organisation.objects.create(reseau=reseau, nom="Cher Solidarité Sahel (démonstration)")
    dossier = services.dossier_create(
        reseau=reseau,
        collectivite=nerondes,
        instrument=cles_en_main,
        auteur=membre,
        organisation=association,
        membres=[commune("18031")],
    )
    assert dossier.organisation == association
    assert list(dossier.membres.all()) == [commune("18031")]
