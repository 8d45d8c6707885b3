"""« Quel point d'entrée fait venir de nouvelles collectivités ? » — within a réseau, and
pooled across the réseaux that choose to share, counts only."""

import datetime

import pytest

from conftest import make_member
from passerelles.ateliers.suivi.ce_qui_marche import ce_qui_marche, format_of, pooled_by_entry_point
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, echange, inscrire, make_atelier
from passerelles.leviers.models import PointEntree

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)


def point(code: str) -> PointEntree:
    return PointEntree.objects.get(code=code)


def test_ateliers_are_grouped_by_entry_point_with_counts_and_intervals(reseau):
    jeunesse = make_atelier(reseau, titre="Jeunesse", point_entree=point("jumelage-jeunesse"))
    aect = make_atelier(reseau, titre="AECT", date=datetime.date(2024, 9, 3))
    for code in ("18160", "18279"):
        inscrire(jeunesse, commune(code))
    inscrire(aect, commune("18033"))
    echange(reseau, commune("18033"), datetime.date(2023, 1, 5))
    groups = {
        g["nom"]: g for g in ce_qui_marche(reseau, today=TODAY)["dimensions"]["point_entree"]["groupes"]
    }
    jeunesse_group = groups[point("jumelage-jeunesse").nom]
    assert jeunesse_group["nouvelles"] == {"n": 2, "sur": 2, "part": 1.0, "ic95": [0.342, 1.0]}
    assert groups["Non précisé"]["nouvelles"]["n"] == 0
    assert jeunesse_group["progression_6_mois"]["conclusion"] == "aucun changement observé"


def test_the_format_is_read_from_the_hours():
    def atelier(start, end):
        return type("A", (), {"date": datetime.date(2024, 5, 14), "heure_debut": start, "heure_fin": end})

    assert format_of(atelier(datetime.time(9, 30), datetime.time(12, 30))) == "Demi-journée"
    assert format_of(atelier(datetime.time(9, 0), datetime.time(17, 0))) == "Journée"
    assert format_of(atelier(datetime.time(18, 30), datetime.time(20, 30))) == "Soirée"


def test_only_reseaux_that_share_are_pooled_and_only_as_counts(reseau, autre_reseau, client):
    secret = "Atelier-secret-RESACOOP"
    theirs = make_atelier(autre_reseau, titre=secret, point_entree=point("jumelage-jeunesse"))
    inscrire(theirs, commune("18160"), nom="Personne-secrète")
    reseau.partage_agregats = True
    reseau.save()
    assert pooled_by_entry_point(today=TODAY)["points_entree"] == []  # they do not share
    autre_reseau.partage_agregats = True
    autre_reseau.save()
    pooled = pooled_by_entry_point(today=TODAY)
    line = pooled["points_entree"][0]
    assert (pooled["reseaux"], line["ateliers"], line["collectivites_touchees"]) == (2, 1, 1)
    client.force_login(make_member("lea", reseau))
    page = client.get("/ateliers/ce-qui-marche/").content.decode()
    assert 'id="mutualise"' in page
    for revealing in (secret, "Personne-secrète", "Nérondes", autre_reseau.nom):
        assert revealing not in page


def test_a_reseau_that_does_not_share_sees_nothing_of_the_others(reseau, autre_reseau, client_membre):
    autre_reseau.partage_agregats = True
    autre_reseau.save()
    make_atelier(autre_reseau, titre="Chez les autres", point_entree=point("jumelage-jeunesse"))
    page = client_membre.get("/ateliers/ce-qui-marche/").content.decode()
    assert 'id="mutualise"' not in page and "Partager nos agrégats anonymes" in page
    client_membre.post("/ateliers/ce-qui-marche/partage/", {"partage": "oui"})
    reseau.refresh_from_db()
    assert reseau.partage_agregats is True
