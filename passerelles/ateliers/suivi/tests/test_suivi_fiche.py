"""« Rédiger la fiche »: an atelier becomes a fiche, and its lessons reach the next atelier."""

import datetime

import pytest

from passerelles.ateliers.preparation.models import Objectif, Partenaire, Sequence
from passerelles.ateliers.suivi.enquete import questionnaire_for
from passerelles.ateliers.suivi.fiche import draft_of
from passerelles.ateliers.suivi.models import Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, inscrire, make_atelier
from passerelles.capitalisation.lecons import lessons_for
from passerelles.capitalisation.models import Fiche
from passerelles.capitalisation.services import fiche_save
from passerelles.contacts.models import Role
from passerelles.leviers.models import PointEntree

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau, membre):
    point = PointEntree.objects.get(code="jumelage-jeunesse")
    atelier = make_atelier(
        reseau, responsable=membre, point_entree=point, ressources="Salle prêtée par la Ville."
    )
    elu = Role.objects.filter(famille="elu").first()
    atelier.roles.add(elu)
    Objectif.objects.create(
        atelier=atelier, intitule="Inspirer", description="témoignages de collectivités engagées"
    )
    Partenaire.objects.create(atelier=atelier, role="hote", nom="Ville de Bourges")
    Partenaire.objects.create(
        atelier=atelier, nom="Région Centre-Val de Loire", contribution="relaie la communication"
    )
    Sequence.objects.create(
        atelier=atelier,
        type="cadrage",
        titre="Le cadre de l'AECT",
        debut=datetime.time(10),
        fin=datetime.time(11),
    )
    questionnaire = questionnaire_for(atelier)
    for consent, text in ((True, "Les témoignages de petites communes m'ont convaincu."), (False, "Privé.")):
        Reponse.objects.create(
            reseau=reseau,
            questionnaire=questionnaire,
            inscription=inscrire(atelier, commune("18160"), role=elu),
            valeurs={"commentaire": text, "satisfaction": 4},
            citation_autorisee=consent,
            repondu_le=datetime.datetime(2024, 5, 20, tzinfo=datetime.UTC),
        )
    return atelier


def test_the_draft_is_filled_from_the_atelier_and_its_indicators(atelier):
    draft = draft_of(atelier)
    assert draft["porteur"] == "CENTRAIDER, Ville de Bourges"
    assert "Inspirer : témoignages" in draft["objectifs"]
    assert "10\u00a0h" in draft["approche"] and "Le cadre de l'AECT" in draft["approche"]
    assert "Région Centre-Val de Loire (relaie la communication)" in draft["acteurs"]
    assert (
        "Participants présents : 2" in draft["resultats"]
        and "Satisfaction moyenne : 4,0" in draft["resultats"]
    )
    assert "Invités : inconnu" in draft["resultats"]
    assert (draft["points_entree"], draft["types_collectivites"], draft["publics"]) == (
        ["jumelage-jeunesse"],
        ["commune"],
        ["elu"],
    )
    assert draft["tailles"] == ["petite"] and draft["ruralite"] == ["rural"]


def test_staff_choose_verbatims_among_consented_comments_and_land_in_the_editor(client_membre, atelier):
    page = client_membre.get(f"/ateliers/{atelier.pk}/fiche/").content.decode()
    assert "petites communes m&#x27;ont convaincu" in page and "Privé" not in page
    verbatim_id = page.split('name="verbatims" value="')[1].split('"')[0]
    response = client_membre.post(f"/ateliers/{atelier.pk}/fiche/", {"verbatims": [verbatim_id]})
    fiche = Fiche.objects.get()
    assert response.url == f"/capitalisation/fiche/{fiche.pk}/modifier/"
    assert [v["texte"] for v in fiche.verbatims] == ["Les témoignages de petites communes m'ont convaincu."]
    client_membre.post(f"/ateliers/{atelier.pk}/fiche/", {})
    assert Fiche.objects.count() == 1  # writing it twice opens the same fiche


def test_a_fiche_written_from_an_atelier_comes_up_for_a_similar_new_atelier(
    client_membre, atelier, reseau, membre
):
    client_membre.post(f"/ateliers/{atelier.pk}/fiche/", {})
    fiche = Fiche.objects.get()
    # In the editor, staff write what they learnt.
    fiche_save(
        reseau=reseau,
        auteur=membre,
        fiche=fiche,
        enseignements="- Le cadrage institutionnel, trop long, a lassé les élus des petites communes.",
    )
    lessons = lessons_for(
        reseau=reseau,
        point_entree=PointEntree.objects.get(code="jumelage-jeunesse"),
        type_collectivite="commune",
        taille="petite",
        ruralite="rural",
        publics=["elu"],
    )
    assert any(lecon.fiche == fiche and "cadrage institutionnel" in lecon.texte for lecon in lessons)
