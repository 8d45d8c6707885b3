"""The atelier's indicators, on hand-built histories: what the réseau knew the day before."""

import datetime

import pytest

from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.suivi.indicateurs import SEUIL_COMPARAISON, atelier_indicateurs
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import (
    JOUR,
    commune,
    echange,
    etape,
    fait,
    inscrire,
    make_atelier,
    moment,
)
from passerelles.mobilisation.models import Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
VEILLE, LENDEMAIN = JOUR - datetime.timedelta(days=1), JOUR + datetime.timedelta(days=1)
APRES_UN_AN = datetime.date(2025, 6, 1)


@pytest.fixture
def atelier(reseau, membre):
    return make_atelier(reseau, responsable=membre)


def classify(atelier, today=APRES_UN_AN) -> dict:
    result = atelier_indicateurs(atelier, today=today)
    return {row["nom"]: row["statut"] for row in result["detail"]["collectivites"]}


def test_a_collectivite_first_contacted_the_day_after_is_new(reseau, atelier):
    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    echange(reseau, nerondes, LENDEMAIN)
    assert classify(atelier) == {"Nérondes": "nouvelle"}


def test_a_collectivite_with_an_exchange_the_day_before_is_known(reseau, atelier):
    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    echange(reseau, nerondes, VEILLE)
    assert classify(atelier) == {"Nérondes": "connue"}


def test_an_exchange_on_the_day_itself_is_the_atelier_not_a_prior_contact(reseau, atelier):
    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    echange(reseau, nerondes, JOUR)
    assert classify(atelier) == {"Nérondes": "nouvelle"}


def test_a_fact_recorded_after_the_atelier_does_not_make_it_engaged_retroactively(reseau, atelier):
    bourges = commune("18033")
    inscrire(atelier, bourges)
    # A jumelage that began in 1960 but that the réseau only recorded after the atelier.
    fait(reseau, bourges, LENDEMAIN, annee_debut=1960, date_source=datetime.date(2020, 1, 1))
    assert classify(atelier) == {"Bourges": "nouvelle"}


def test_a_fact_recorded_before_the_atelier_makes_it_engaged(reseau, atelier):
    bourges = commune("18033")
    inscrire(atelier, bourges)
    fait(reseau, bourges, VEILLE)
    assert classify(atelier) == {"Bourges": "engagee"}


def test_a_food_plan_fact_makes_it_known_not_engaged_abroad(reseau, atelier):
    bourges = commune("18033")
    inscrire(atelier, bourges)
    fait(reseau, bourges, VEILLE, type="pat")
    assert classify(atelier) == {"Bourges": "connue"}


def test_the_stage_that_counts_is_the_one_held_before_the_day(reseau, atelier):
    vierzon, nerondes = commune("18279"), commune("18160")
    inscrire(atelier, vierzon)
    inscrire(atelier, nerondes)
    etape(reseau, vierzon, "engagee", VEILLE)
    etape(reseau, nerondes, "contactee", VEILLE)
    etape(reseau, nerondes, "engagee", LENDEMAIN)
    assert classify(atelier) == {"Vierzon": "engagee", "Nérondes": "connue"}


def test_people_are_counted_by_what_happened_to_their_registration(reseau, atelier):
    nerondes, bourges = commune("18160"), commune("18033")
    Invitation.objects.create(reseau=reseau, atelier=atelier, email="a@exemple.fr", collectivite=nerondes)
    Invitation.objects.create(reseau=reseau, atelier=atelier, email="b@exemple.fr", collectivite=bourges)
    inscrire(atelier, nerondes)
    inscrire(atelier, nerondes, present=False)
    inscrire(atelier, bourges, source="sur_place")
    inscrire(atelier, bourges, present=False, etat="attente")
    inscrire(atelier, bourges, present=False, etat="annulee")
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert {k: result[k] for k in ("invites", "inscrits", "presents", "absents", "sans_inscription")} == {
        "invites": 2,
        "inscrits": 2,
        "presents": 2,
        "absents": 1,
        "sans_inscription": 1,
    }
    assert (result["liste_attente"], result["collectivites_presentes"]) == (1, 2)
    by_type = dict(result["detail"]["par"]["type"])
    assert by_type["Commune"]["presents"] == 2
    by_size = dict(result["detail"]["par"]["taille"])
    assert by_size["50 000 à 199 999 hab."]["sans_inscription"] == 1  # Bourges
    assert by_size["500 à 1 999 hab."]["absents"] == 1  # Nérondes


def test_what_is_not_known_is_null_never_zero(reseau, membre):
    upcoming = make_atelier(reseau, date=datetime.date(2030, 5, 14), statut="invitations_envoyees")
    inscrire(upcoming, commune("18160"), present=False)
    result = atelier_indicateurs(upcoming, today=datetime.date(2030, 1, 1))
    for key in (
        "invites",
        "presents",
        "absents",
        "nouvelles_collectivites",
        "satisfaction_moyenne",
        "part_trop_technique",
        "relances_dues",
    ):
        assert result[key] is None, key
    assert result["inscrits"] == 1
    assert result["progression_3_mois"]["participantes"] == {"n": None, "part": None}


def test_satisfaction_is_the_mean_of_the_answers_given(reseau, atelier):
    questionnaire = Questionnaire.objects.create(reseau=reseau, atelier=atelier, ferme_le=APRES_UN_AN)
    answers = [
        {"satisfaction": 4, "trop_technique": True, "trop_institutionnel": True},
        {"satisfaction": 3, "trop_technique": False, "trop_institutionnel": True},
        {"satisfaction": 5, "trop_institutionnel": False},
    ]
    for valeurs in answers:
        Reponse.objects.create(
            reseau=reseau,
            questionnaire=questionnaire,
            inscription=inscrire(atelier, commune("18160")),
            valeurs=valeurs,
            repondu_le=moment(LENDEMAIN),
        )
    Reponse.objects.create(  # sent but never answered: not counted
        reseau=reseau, questionnaire=questionnaire, inscription=inscrire(atelier), valeurs={}
    )
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert (result["repondants"], result["satisfaction_moyenne"]) == (3, 4.0)
    assert (result["part_trop_technique"], result["part_trop_institutionnel"]) == (0.5, 0.667)


def test_relances_are_counted_due_on_time_and_late(reseau, atelier, membre):
    def relance(echeance, faite_le=None):
        Relance.objects.create(
            reseau=reseau,
            titre="Suivi",
            echeance=echeance,
            responsable=membre,
            faite_le=faite_le,
            origine=f"atelier:{atelier.pk}:j15",
        )

    relance(datetime.date(2024, 5, 29), moment(datetime.date(2024, 5, 28)))  # on time
    relance(datetime.date(2024, 5, 29), moment(datetime.date(2024, 6, 10)))  # done late
    relance(datetime.date(2024, 8, 14))  # late
    relance(datetime.date(2026, 1, 1))  # not yet due
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert (result["relances_total"], result["relances_dues"]) == (4, 3)
    assert (result["relances_faites_a_temps"], result["relances_en_retard"]) == (1, 1)


# --- Did it change anything? ---


def small_rural_communes_of_cher() -> list[Collectivite]:
    """One comparison stratum: communes of Centre-Val de Loire under 500 inhabitants,
    rural in INSEE's density grid; the test picks participants and comparables inside it."""
    return list(
        Collectivite.objects.filter(
            type="commune", actif=True, region__code="24", population_municipale__lt=500, densite__gte=5
        ).order_by("code")
    )


def test_participants_that_progress_against_comparables_that_do_not(reseau, atelier):
    stratum = small_rural_communes_of_cher()
    participants, others = stratum[:12], stratum[12:]
    assert len(others) >= 3 * SEUIL_COMPARAISON
    for collectivite in participants:
        inscrire(atelier, collectivite)
        etape(reseau, collectivite, "sensibilisee", LENDEMAIN)  # what the atelier itself gives
        etape(reseau, collectivite, "interessee", JOUR + datetime.timedelta(days=60))
    for collectivite in others[:3]:
        etape(reseau, collectivite, "interessee", JOUR + datetime.timedelta(days=30))
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    assert result["participantes"] == {"n": 12, "part": 1.0}
    assert result["comparables"] == {"n": len(others), "part": round(3 / len(others), 3)}
    assert result["conclusion"] == "les participantes ont davantage progressé"


def test_being_made_sensibilisee_by_the_atelier_is_not_progress(reseau, atelier):
    stratum = small_rural_communes_of_cher()
    for collectivite in stratum[:12]:
        inscrire(atelier, collectivite)
        etape(reseau, collectivite, "sensibilisee", LENDEMAIN)
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_6_mois"]
    assert result["participantes"] == {"n": 12, "part": 0.0}
    assert result["conclusion"] == "pas de différence"


def test_comparables_must_share_the_starting_stage(reseau, atelier):
    stratum = small_rural_communes_of_cher()
    participant, known = stratum[0], stratum[1:4]
    inscrire(atelier, participant)
    etape(reseau, participant, "contactee", VEILLE)
    for collectivite in known:
        etape(reseau, collectivite, "contactee", VEILLE)
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    assert result["comparables"]["n"] == 3
    assert result["conclusion"] == "trop peu pour conclure"


def test_progression_is_not_measured_before_the_months_have_passed(reseau, atelier):
    inscrire(atelier, commune("18160"))
    result = atelier_indicateurs(atelier, today=JOUR + datetime.timedelta(days=100))
    assert result["progression_3_mois"]["mesurable"] is True
    assert result["progression_6_mois"] == {
        "participantes": {"n": None, "part": None},
        "comparables": {"n": None, "part": None},
        "mesurable": False,
        "conclusion": "pas encore mesurable",
    }


def test_the_command_prints_every_atelier_as_json_with_null_for_the_unknown(reseau, atelier, capsys):
    import json

    from django.core.management import call_command

    inscrire(atelier, commune("18160"))
    make_atelier(reseau, titre="À venir", date=datetime.date(2099, 1, 5), statut="brouillon")
    call_command("atelier_indicateurs", reseau="centraider", format="json")
    rows = json.loads(capsys.readouterr().out)
    assert [row["titre"] for row in rows] == ["Agir à l'international", "À venir"]
    first, upcoming = rows
    required = "id titre date invites inscrits presents absents sans_inscription liste_attente collectivites_presentes nouvelles_collectivites deja_connues deja_engagees satisfaction_moyenne part_trop_technique relances_dues relances_faites_a_temps progression_3_mois progression_6_mois"
    assert set(required.split()) <= set(first)
    assert (first["presents"], first["nouvelles_collectivites"], first["satisfaction_moyenne"]) == (
        1,
        1,
        None,
    )
    assert upcoming["presents"] is None
    assert set(first["progression_3_mois"]) >= {"participantes", "comparables"}


def test_the_command_refuses_an_unknown_reseau_in_french(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Réseau inconnu"):
        call_command("atelier_indicateurs", reseau="nulle-part", format="json")


def test_speakers_organisers_and_partners_are_counted_apart_from_who_was_reached(reseau, atelier):
    from passerelles.ateliers.suivi.indicateurs import totals_of

    bourges, nerondes, vierzon = commune("18033"), commune("18160"), commune("18279")
    fait(reseau, bourges, VEILLE)  # Bourges came to testify about its cooperation
    inscrire(atelier, bourges, qualite="intervenant")
    inscrire(atelier, bourges, qualite="intervenant")
    inscrire(atelier, commune("18001"), qualite="organisateur")
    inscrire(atelier, nerondes)
    inscrire(atelier, vierzon)
    inscrire(atelier, vierzon, present=False)
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert (result["presents"], result["absents"], result["inscrits"]) == (2, 1, 3)
    assert (result["intervenants_presents"], result["organisateurs_partenaires_presents"]) == (2, 1)
    assert (result["collectivites_presentes"], result["collectivites_intervenantes"]) == (2, 1)
    assert (result["nouvelles_collectivites"], result["deja_engagees"]) == (2, 0)
    assert {row["nom"] for row in result["detail"]["collectivites"]} == {"Nérondes", "Vierzon"}
    totals = totals_of([result])
    assert (totals["presents"], totals["intervenants_presents"], totals["collectivites_presentes"]) == (
        2,
        2,
        2,
    )


def test_a_speaker_of_the_programme_is_an_intervenant_when_registering_or_when_named_later(reseau, atelier):
    from passerelles.ateliers.inscriptions.services import Personne, inscription_sur_place, speakers_mark
    from passerelles.ateliers.preparation.models import Intervention, Sequence
    from passerelles.contacts.models import Contact

    maire = Contact.objects.create(reseau=reseau, prenom="Camille", nom="Témoin", email="maire@bourges.fr")
    adjointe = Contact.objects.create(reseau=reseau, prenom="Alix", nom="Plus-Tard", email="adj@bourges.fr")
    sequence = Sequence.objects.create(atelier=atelier, titre="Témoignages")
    Intervention.objects.create(sequence=sequence, contact=maire)
    came, _ = inscription_sur_place(
        atelier=atelier,
        personne=Personne(nom="Témoin", prenom="Camille", email="maire@bourges.fr"),
        auteur=None,
    )
    later = inscrire(atelier, contact=adjointe)
    chosen = inscrire(atelier, contact=adjointe, qualite="partenaire")
    Intervention.objects.create(sequence=sequence, contact=adjointe)
    assert speakers_mark(atelier) == 1
    later.refresh_from_db(), chosen.refresh_from_db()
    assert (came.qualite, later.qualite, chosen.qualite) == ("intervenant", "intervenant", "partenaire")
