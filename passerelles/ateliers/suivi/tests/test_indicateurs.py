"""The atelier's indicators, on hand-built histories: what the réseau knew the day before."""

import datetime
import re

import pytest

from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.suivi.indicateurs import atelier_indicateurs
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
    keys = ("invites", "inscrits", "participants_presents", "absents", "sans_inscription")
    assert {k: result[k] for k in keys} == {
        "invites": 2,
        "inscrits": 2,
        "participants_presents": 2,
        "absents": 1,
        "sans_inscription": 1,
    }
    assert (result["liste_attente"], result["collectivites_touchees"]) == (1, 2)
    by_type = dict(result["detail"]["par"]["type"])
    assert by_type["Commune"]["participants_presents"] == 2
    by_size = dict(result["detail"]["par"]["taille"])
    assert by_size["50 000 à 199 999 hab."]["sans_inscription"] == 1  # Bourges
    assert by_size["500 à 1 999 hab."]["absents"] == 1  # Nérondes


def test_what_is_not_known_is_null_never_zero(reseau, membre):
    upcoming = make_atelier(reseau, date=datetime.date(2030, 5, 14), statut="invitations_envoyees")
    inscrire(upcoming, commune("18160"), present=False)
    result = atelier_indicateurs(upcoming, today=datetime.date(2030, 1, 1))
    for key in (
        "invites",
        "participants_presents",
        "absents",
        "nouvelles_collectivites",
        "nouvelles_eloignees",
        "changements_declaratifs",
        "satisfaction_moyenne",
        "part_trop_technique",
        "relances_dues",
    ):
        assert result[key] is None, key
    assert result["inscrits"] == 1
    assert result["progression_3_mois"]["participantes"]["n"] is None
    assert result["progression_3_mois"]["conclusion"] == "pas encore mesurable"


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
    """Communes of Centre-Val de Loire under 500 inhabitants: enough for every group below."""
    return list(
        Collectivite.objects.filter(
            type="commune", actif=True, region__code="24", population_municipale__lt=500, densite__gte=5
        ).order_by("code")
    )


def invite(atelier, collectivites) -> None:
    for collectivite in collectivites:
        Invitation.objects.create(
            reseau=atelier.reseau,
            atelier=atelier,
            email=f"mairie@{collectivite.code}.fr",
            collectivite=collectivite,
        )


def test_participants_seen_progressing_against_invited_collectivites_that_did_not_come(reseau, atelier):
    communes = small_rural_communes_of_cher()
    participants, invited_away = communes[:12], communes[12:42]
    invite(atelier, participants + invited_away)
    for collectivite in participants:
        inscrire(atelier, collectivite)
        etape(reseau, collectivite, "interessee", JOUR + datetime.timedelta(days=60))
    for collectivite in invited_away[:3]:
        etape(reseau, collectivite, "interessee", JOUR + datetime.timedelta(days=30))
    etape(reseau, communes[50], "projet", LENDEMAIN)  # never invited: not in the comparison
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    assert result["participantes"] == {"n": 12, "progressees": 12, "part": 1.0, "ic95": [0.758, 1.0]}
    assert {k: result["comparables"][k] for k in ("n", "progressees", "part")} == {
        "n": 30,
        "progressees": 3,
        "part": 0.1,
    }
    assert (
        result["comparables"]["definition"] == "Collectivités invitées à cet atelier qui ne sont pas venues"
    )
    assert result["difference_ic95"][0] > 0
    assert result["conclusion"] == "les participantes ont davantage progressé"


def test_the_softwares_own_moves_and_bare_declarations_are_never_progress(reseau, atelier):
    communes = small_rural_communes_of_cher()
    invite(atelier, communes[:40])
    for collectivite in communes[:12]:
        inscrire(atelier, collectivite)
        etape(reseau, collectivite, "sensibilisee", LENDEMAIN, preuve="automatique")
        etape(reseau, collectivite, "interessee", LENDEMAIN, preuve="automatique")  # survey: meeting wanted
        etape(reseau, collectivite, "projet", JOUR + datetime.timedelta(days=20), preuve="declaration")
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert result["progression_6_mois"]["participantes"]["progressees"] == 0
    assert result["progression_6_mois"]["conclusion"] == "aucun changement observé"
    assert result["changements_declaratifs"] == 36


def test_a_hundred_percent_of_four_against_none_is_too_few_to_conclude(reseau, atelier):
    communes = small_rural_communes_of_cher()
    invite(atelier, communes[:40])
    for collectivite in communes[:4]:
        inscrire(atelier, collectivite)
        etape(reseau, collectivite, "projet", JOUR + datetime.timedelta(days=10))
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    assert (result["participantes"]["part"], result["comparables"]["part"]) == (1.0, 0.0)
    assert result["conclusion"] == "trop peu pour conclure"
    assert result["difference_etablie"] is False


def test_an_interval_of_the_difference_that_includes_zero_claims_nothing(reseau, atelier):
    communes = small_rural_communes_of_cher()
    participants, invited_away = communes[:20], communes[20:40]
    invite(atelier, participants + invited_away)
    for collectivite in participants:
        inscrire(atelier, collectivite)
    for collectivite in participants[:6] + invited_away[:4]:  # 30 % against 20 %
        etape(reseau, collectivite, "projet", JOUR + datetime.timedelta(days=10))
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    low, high = result["difference_ic95"]
    assert low < 0 < high
    assert result["conclusion"] == "trop peu pour conclure"


def test_without_enough_invited_the_comparison_is_with_collectivites_the_reseau_talked_to(reseau, atelier):
    communes = small_rural_communes_of_cher()
    for collectivite in communes[:3]:
        inscrire(atelier, collectivite)
    for collectivite in communes[3:15]:
        echange(reseau, collectivite, JOUR + datetime.timedelta(days=40))
    echange(reseau, communes[20], JOUR + datetime.timedelta(days=400))  # outside the six months
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_6_mois"]
    assert result["comparables"]["n"] == 12  # never the whole territory, mostly never observed
    assert "échange" in result["comparables"]["definition"]


def test_speakers_collectivites_are_neither_participants_nor_comparables(reseau, atelier):
    communes = small_rural_communes_of_cher()
    invite(atelier, communes[:15])
    inscrire(atelier, communes[0])
    inscrire(atelier, communes[1], qualite="intervenant")
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)["progression_3_mois"]
    assert (result["participantes"]["n"], result["comparables"]["n"]) == (1, 13)


def test_progression_is_not_measured_before_the_months_have_passed(reseau, atelier):
    inscrire(atelier, commune("18160"))
    result = atelier_indicateurs(atelier, today=JOUR + datetime.timedelta(days=100))
    assert result["progression_3_mois"]["mesurable"] is True
    later = result["progression_6_mois"]
    assert (later["mesurable"], later["conclusion"]) == (False, "pas encore mesurable")
    assert later["participantes"]["n"] is None and later["difference_ic95"] is None


# --- Two questions: new to the réseau, far from international action ---


def test_new_to_the_reseau_and_far_from_international_action_are_two_axes(reseau, atelier):
    nerondes, vierzon, bourges, mehun = commune("18160"), commune("18279"), commune("18033"), commune("18141")
    for collectivite in (nerondes, vierzon, bourges, mehun):
        inscrire(atelier, collectivite)
    fait(reseau, vierzon, LENDEMAIN, annee_debut=1990)  # new to the réseau, yet twinned since 1990
    echange(reseau, bourges, VEILLE)  # known, and nothing abroad
    fait(reseau, mehun, VEILLE, type="declaration_apd")  # known through its e-APD declaration
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert (result["nouvelles_collectivites"], result["nouvelles_eloignees"]) == (2, 1)
    assert result["detail"]["croisement"] == {
        "nouvelle": {"eloignee": 1, "active": 1},
        "connue": {"eloignee": 1, "active": 1},
    }


def test_the_aimed_cell_is_read_from_segments_and_aims(reseau, atelier):
    from passerelles.ateliers.preparation.models import Objectif
    from passerelles.leviers.models import Segment

    segment = Segment.objects.create(reseau=reseau, nom="Pas engagées", filtres={"etape": "non_engagees"})
    atelier.segments.add(segment)
    Objectif.objects.create(atelier=atelier, intitule="Toucher de nouvelles collectivités")
    cible = atelier_indicateurs(atelier, today=APRES_UN_AN)["detail"]["cible"]
    assert (cible["nouvelle"], cible["eloignee"]) == (True, True)
    assert len(cible["raisons"]) == 2


def test_a_sign_of_change_is_dated_sourced_and_shown_with_the_atelier(reseau, atelier, membre):
    from passerelles.ateliers.suivi.signes import signe_create

    nerondes = commune("18160")
    inscrire(atelier, nerondes)
    signe_create(
        atelier=atelier,
        auteur=membre,
        collectivite=nerondes,
        date=datetime.date(2024, 11, 5),
        constat="Première ligne « coopération » au budget primitif 2025",
        source="Délibération du conseil municipal du 5 novembre 2024",
    )
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert result["signes_de_changement"] == 1
    assert result["detail"]["signes"][0]["nom"] == "Nérondes"


def test_the_command_prints_every_atelier_as_json_with_null_for_the_unknown(reseau, atelier, capsys):
    import json

    from django.core.management import call_command

    inscrire(atelier, commune("18160"))
    make_atelier(reseau, titre="À venir", date=datetime.date(2099, 1, 5), statut="brouillon")
    call_command("atelier_indicateurs", reseau="centraider", format="json")
    rows = json.loads(capsys.readouterr().out)
    assert [row["titre"] for row in rows] == ["Agir à l'international", "À venir"]
    first, upcoming = rows
    required = (
        "id titre date invites inscrits participants_presents intervenants_presents absents "
        "sans_inscription liste_attente collectivites_touchees collectivites_intervenantes "
        "nouvelles_collectivites nouvelles_eloignees deja_connues deja_engagees satisfaction_moyenne "
        "part_trop_technique relances_dues relances_faites_a_temps changements_declaratifs "
        "progression_3_mois progression_6_mois"
    )
    assert set(required.split()) <= set(first)
    assert (first["participants_presents"], first["nouvelles_collectivites"]) == (1, 1)
    assert first["satisfaction_moyenne"] is None
    assert upcoming["participants_presents"] is None
    progression = first["progression_6_mois"]
    assert set(progression) >= {"participantes", "comparables", "difference_ic95", "conclusion"}
    assert set(progression["participantes"]) >= {"n", "part", "ic95"}
    assert set(progression["comparables"]) >= {"n", "part", "ic95", "definition"}


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
    assert (result["participants_presents"], result["absents"], result["inscrits"]) == (2, 1, 3)
    assert (result["intervenants_presents"], result["organisateurs_partenaires_presents"]) == (2, 1)
    assert (result["collectivites_touchees"], result["collectivites_intervenantes"]) == (2, 1)
    assert (result["nouvelles_collectivites"], result["deja_engagees"]) == (2, 0)
    assert {row["nom"] for row in result["detail"]["collectivites"]} == {"Nérondes", "Vierzon"}
    totals = totals_of([result])
    figures = ("participants_presents", "intervenants_presents", "collectivites_touchees")
    assert tuple(totals[key] for key in figures) == (2, 2, 2)


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


def test_an_invitation_list_shorter_than_the_registrations_is_an_unknown_number_of_invited(reseau, atelier):
    """One address on the list and three people registered: the invitation went round by
    other ways (a partner's relay, the public link), so how many were invited is unknown."""
    Invitation.objects.create(reseau=reseau, atelier=atelier, email="a@exemple.fr")
    for _ in range(3):
        inscrire(atelier, commune("18160"))
    result = atelier_indicateurs(atelier, today=APRES_UN_AN)
    assert (result["invites"], result["inscrits"]) == (None, 3)


def test_the_dashboard_reads_inconnu_for_invited_when_one_ateliers_list_is_unknown(
    client_membre, reseau, atelier
):
    listed = make_atelier(reseau, titre="Avec sa liste")
    for email in ("a@exemple.fr", "b@exemple.fr"):
        Invitation.objects.create(reseau=reseau, atelier=listed, email=email)
    inscrire(listed, commune("18033"))
    for _ in range(3):  # no list at all for this one
        inscrire(atelier, commune("18160"))
    page = client_membre.get("/ateliers/tableau/").content.decode()
    figure = re.search(r'<li id="chiffre-invites"><span class="valeur">([^<]*)</span>', page).group(1)
    registered = re.search(r'<li id="chiffre-inscrits"><span class="valeur">([^<]*)</span>', page).group(1)
    assert (figure, registered) == ("inconnu", "4")
