import datetime

import pytest

from passerelles.contacts.models import Contact
from passerelles.mobilisation import services
from passerelles.mobilisation.models import ChangementEtape, Etape, Mobilisation, Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def blet():
    return Collectivite.objects.get(type="commune", code="18031")


def test_a_stage_change_keeps_its_history(reseau, membre, blet):
    services.etape_set(
        reseau=reseau, collectivite=blet, etape=Etape.SENSIBILISEE, auteur=membre, motif="atelier"
    )
    services.etape_set(
        reseau=reseau, collectivite=blet, etape=Etape.INTERESSEE, auteur=membre, motif="rappel"
    )
    history = ChangementEtape.objects.filter(reseau=reseau, collectivite=blet).order_by("id")
    assert [(h.ancienne, h.nouvelle, h.motif) for h in history] == [
        ("inconnue", "sensibilisee", "atelier"),
        ("sensibilisee", "interessee", "rappel"),
    ]
    assert history[0].auteur == membre


def test_setting_the_same_stage_again_changes_nothing(reseau, membre, blet):
    services.etape_set(reseau=reseau, collectivite=blet, etape=Etape.CONTACTEE, auteur=membre)
    assert not services.etape_set(reseau=reseau, collectivite=blet, etape=Etape.CONTACTEE, auteur=membre)
    assert ChangementEtape.objects.count() == 1


def test_a_twinning_shows_an_unknown_collectivite_is_already_engaged(reseau, membre, blet):
    services.fait_create(
        reseau=reseau,
        collectivite=blet,
        auteur=membre,
        type="jumelage",
        intitule="Jumelage",
        partenaire="Ville X",
        source="bulletin municipal 2024",
    )
    assert Mobilisation.objects.get(reseau=reseau, collectivite=blet).etape == Etape.DEJA_ENGAGEE


def test_a_pat_alone_does_not_mark_engagement_abroad(reseau, membre, blet):
    services.fait_create(
        reseau=reseau, collectivite=blet, auteur=membre, type="pat", intitule="PAT", source="x"
    )
    assert services.etape_of(reseau=reseau, collectivite=blet) == Etape.INCONNUE


def test_a_first_exchange_marks_the_collectivite_contacted_and_dates_the_contacts(reseau, membre, blet):
    maire = Contact.objects.create(reseau=reseau, nom="Maire", collectivite=blet)
    services.interaction_create(
        reseau=reseau,
        auteur=membre,
        contacts=[maire],
        type="appel",
        date=datetime.date(2026, 10, 2),
        sujet="Premier appel",
        collectivite=blet,
    )
    maire.refresh_from_db()
    assert maire.derniere_interaction == datetime.date(2026, 10, 2)
    assert services.etape_of(reseau=reseau, collectivite=blet) == Etape.CONTACTEE


def test_a_relance_is_done_then_reopened_with_its_note(reseau, membre, blet):
    relance = services.relance_create(
        reseau=reseau,
        auteur=membre,
        titre="Envoyer le programme",
        echeance=datetime.date(2026, 12, 1),
        responsable=membre,
        collectivite=blet,
    )
    services.relance_mark(relance=relance, faite=True, auteur=membre, note="envoyé par courriel")
    relance.refresh_from_db()
    assert relance.faite and relance.note == "envoyé par courriel"
    services.relance_mark(relance=relance, faite=False, auteur=membre)
    assert not Relance.objects.get(pk=relance.pk).faite


def test_a_fact_whose_cells_hold_line_breaks_is_imported_on_one_line(reseau, membre):
    from passerelles.contacts.importation.lecture import Tableau
    from passerelles.mobilisation.faits_import import faits_import
    from passerelles.mobilisation.models import FaitEngagement

    table = Tableau(
        en_tetes=["Code INSEE", "Intitulé", "Partenaire"],
        lignes=[["18033", "Jumelage\navec une ville", "Augsbourg\r\n(Allemagne)"]],
    )
    report = faits_import(
        reseau=reseau, auteur=membre, table=table, type_fait="jumelage", source="essai", dry_run=False
    )
    assert report.crees == 1 and report.ignorees == []
    fait = FaitEngagement.objects.get(reseau=reseau)
    assert (fait.intitule, fait.partenaire) == ("Jumelage avec une ville", "Augsbourg (Allemagne)")
