"""What the ateliers of a period did, for the yearly bilan's « information et sensibilisation »."""

import datetime

import pytest

from passerelles.ateliers.suivi.bilan import bilan_activite
from passerelles.ateliers.suivi.relances import suivi_generate
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, echange, inscrire, make_atelier, moment
from passerelles.capitalisation.models import Fiche
from passerelles.capitalisation.services import fiche_save
from passerelles.contacts.models import Role
from passerelles.mobilisation.models import ChangementEtape, Relance
from passerelles.mobilisation.services import relance_mark

pytestmark = pytest.mark.django_db
AN = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
TODAY = datetime.date(2025, 2, 1)


@pytest.fixture
def annee(reseau, membre):
    """Two ateliers held in 2024, one cancelled, one in 2023."""
    maire = Role.objects.order_by("ordre").first()
    printemps = make_atelier(reseau, responsable=membre, titre="Printemps", date=datetime.date(2024, 5, 14))
    automne = make_atelier(reseau, responsable=membre, titre="Automne", date=datetime.date(2024, 10, 8))
    make_atelier(reseau, titre="Annulé", date=datetime.date(2024, 6, 1), statut="annule")
    make_atelier(reseau, titre="Ancien", date=datetime.date(2023, 6, 1))
    inscrire(printemps, commune("18160"), role=maire)
    inscrire(printemps, commune("18033"))
    inscrire(automne, commune("18160"), role=maire)  # Nérondes again: reached once
    inscrire(automne, commune("45234"))
    echange(reseau, commune("18033"), datetime.date(2023, 3, 1))
    suivi_generate(printemps)
    ChangementEtape.objects.update(quand=moment(datetime.date(2024, 5, 15)))
    relance = Relance.objects.filter(collectivite__code="18160").order_by("echeance").first()
    relance_mark(relance=relance, faite=True, auteur=membre)
    Relance.objects.filter(pk=relance.pk).update(faite_le=moment(datetime.date(2024, 5, 20)))
    fiche = fiche_save(reseau=reseau, auteur=membre, titre="Atelier de printemps")
    Fiche.objects.filter(pk=fiche.pk).update(cree_le=moment(datetime.date(2024, 6, 1)))
    return printemps, automne


def test_the_bilan_counts_what_happened_in_the_year(reseau, annee):
    bilan = bilan_activite(reseau, debut=AN[0], fin=AN[1], today=TODAY)
    chiffres = bilan["chiffres"]
    assert (chiffres["ateliers"], chiffres["participants_presents"], chiffres["collectivites_touchees"]) == (
        2,
        4,
        3,
    )
    assert (chiffres["nouvelles_collectivites"], chiffres["deja_engagees"]) == (2, 0)
    # Coming to an atelier moved two collectivités to « Sensibilisée »: the software's move, declared.
    assert (chiffres["changements_observes"], chiffres["changements_declaratifs"]) == (0, 2)
    assert (chiffres["relances_faites"], chiffres["relances_ateliers_faites_a_temps"]) == (1, 1)
    assert chiffres["fiches"] == 1
    departements = {d["code"]: (d["touchees"], d["nouvelles"]) for d in bilan["par_departement"]}
    assert departements == {"18": (2, 1), "45": (1, 1)}
    maire = Role.objects.order_by("ordre").first().libelle
    assert dict(bilan["par_role"])[maire] == 2


def test_the_bilan_of_a_year_without_ateliers_says_unknown_not_zero(reseau, annee):
    bilan = bilan_activite(
        reseau, debut=datetime.date(2022, 1, 1), fin=datetime.date(2022, 12, 31), today=TODAY
    )
    assert bilan["chiffres"]["ateliers"] == 0 and bilan["chiffres"]["participants_presents"] is None


def test_the_old_bilan_address_leads_to_the_reseau_s_whole_bilan_for_the_same_year(client_membre, annee):
    response = client_membre.get("/ateliers/bilan/?annee=2024")
    assert response.status_code == 302 and response["Location"] == "/bilan/?annee=2024"
