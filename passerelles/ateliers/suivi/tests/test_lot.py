"""What the database counts for a set of ateliers (`lot`, grouped, from indexes and the values
stored beside answers and relances) is what their rows say read one by one, on generated
data: several ateliers, speakers and organisers apart, cancellations, waiting lists, people
who came without registering, answers of every shape, some by speakers, some not sent,
relances of every origine, done in time, late or not yet due."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.suivi import lot
from passerelles.ateliers.suivi.indicateurs import Lot, ateliers_indicateurs
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import inscrire, make_atelier, moment
from passerelles.bilan.rapport import GENRES, genders_of
from passerelles.contacts.models import Role
from passerelles.mobilisation.models import Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 1)
QUALITES = ["participant"] * 6 + ["intervenant", "organisateur", "partenaire"]
# What people answer, tidy or not: the survey's own values, and what an old form, a hand-made
# import or a later change of the questions left behind.
NOTES = [1, 2, 3, 4, 5, 0, 6, 4.0, "4", True, None, [4]]
OUI_NON = [True, False, None, "oui", 1, 0]
RENDEZ_VOUS = [{"souhaite": True}, {"souhaite": False}, {}, {"souhaite": "oui"}, True, None]


def answers(rng: random.Random) -> dict:
    valeurs = {
        "satisfaction": rng.choice(NOTES),
        "trop_technique": rng.choice(OUI_NON),
        "trop_institutionnel": rng.choice(OUI_NON),
        "rendez_vous": rng.choice(RENDEZ_VOUS),
        "points_entree": rng.sample(["jumelage-jeunesse", "alimentation", "eau"], rng.randint(0, 2)),
    }
    for key in list(valeurs):  # a question not asked, or not answered
        if rng.random() < 0.1:
            del valeurs[key]
    return valeurs


def generate(rng: random.Random, reseau, membre) -> list:
    communes = list(
        Collectivite.objects.filter(type="commune", region__code="24")
        .order_by("code")
        .values_list("pk", flat=True)
    )[:60]
    roles = [None, *Role.objects.order_by("pk")[:3]]
    ateliers = []
    for n in range(5):
        atelier = make_atelier(
            reseau, titre=f"Atelier {n}", date=datetime.date(2024, 2 + 2 * n, 10), responsable=membre
        )
        questionnaire = Questionnaire.objects.create(reseau=reseau, atelier=atelier, ferme_le=TODAY)
        for pk in rng.sample(communes, rng.randint(0, 20)):
            Invitation.objects.create(reseau=reseau, atelier=atelier, email=f"m{pk}@x.fr", collectivite_id=pk)
        if rng.random() < 0.5:
            Invitation.objects.create(reseau=reseau, atelier=atelier, email=f"sans{n}@x.fr")
        for _ in range(rng.randint(0, 30)):
            collectivite = rng.choice([None, *communes, *communes[:5] * 3])  # several from one place
            inscription = inscrire(
                atelier,
                Collectivite.objects.get(pk=collectivite) if collectivite else None,
                present=rng.random() < 0.7,
                qualite=rng.choice(QUALITES),
                etat=rng.choice(["confirmee"] * 6 + ["attente", "annulee"]),
                source=rng.choice(["lien_personnel", "sur_place", "lien_public"]),
                role=rng.choice(roles),
                civilite=rng.choice(["", "Mme", "M."]),
            )
            if rng.random() < 0.7:
                Reponse.objects.create(
                    reseau=reseau,
                    questionnaire=questionnaire,
                    inscription=inscription,
                    repondu_le=moment(atelier.date) if rng.random() < 0.85 else None,  # sent, not answered
                    valeurs=answers(rng),
                )
        ateliers.append(atelier)
    return ateliers


def row_by_row(atelier) -> dict:
    """The indicators' definitions, read off each registration, invitation and answer."""
    registrations = list(Inscription.objects.filter(atelier=atelier).select_related("role"))
    participants = [i for i in registrations if i.qualite == "participant"]
    present = [i for i in registrations if i.present]
    registered = [i for i in participants if i.etat == "confirmee" and i.source != "sur_place"]
    invitations = list(Invitation.objects.filter(atelier=atelier))
    totals = Counter(
        {
            "inscrits": len(registered),
            "absents": sum(1 for i in registered if not i.present),
            "participants_presents": sum(1 for i in participants if i.present),
            "sans_inscription": sum(1 for i in participants if i.present and i.source == "sur_place"),
            "liste_attente": sum(1 for i in participants if i.etat == "attente"),
            "intervenants_presents": sum(1 for i in present if i.qualite == "intervenant"),
            "organisateurs_partenaires_presents": sum(
                1 for i in present if i.qualite in ("organisateur", "partenaire")
            ),
            "invites": len(invitations),
        }
    )
    came = [i for i in present if i.collectivite_id]
    return {
        "totals": +totals,
        "reached": {i.collectivite_id for i in came if i.qualite == "participant"},
        "came": {i.collectivite_id for i in came},
        "speakers": {i.collectivite_id for i in came if i.qualite == "intervenant"},
        "invited": {i.collectivite_id for i in invitations if i.collectivite_id},
        "par_role": Counter(i.role.libelle if i.role else lot.SANS_ROLE for i in participants if i.present),
        "par_civilite": Counter(i.civilite for i in participants if i.present),
        "enquete": survey_row_by_row(atelier),
    }


def survey_row_by_row(atelier) -> lot.Enquete:
    survey = lot.Enquete()
    for reponse in Reponse.objects.filter(inscription__atelier=atelier, repondu_le__isnull=False):
        if reponse.inscription.qualite != "participant":
            continue
        valeurs = reponse.valeurs
        survey.repondants += 1
        note = valeurs.get("satisfaction")
        if isinstance(note, int) and not isinstance(note, bool) and 1 <= note <= 5:
            survey.notes[note] += 1
        for code in ("trop_technique", "trop_institutionnel"):
            if isinstance(valeurs.get(code), bool):
                survey.repondu[code] += 1
                survey.oui[code] += valeurs[code]
        meeting = valeurs.get("rendez_vous")
        survey.rendez_vous += isinstance(meeting, dict) and meeting.get("souhaite") is True
        survey.interets.update(valeurs.get("points_entree") or [])
    return survey


@pytest.mark.parametrize("seed", range(6))
def test_the_grouped_counts_are_those_of_the_rows_one_by_one(reseau, membre, seed):
    ateliers = generate(random.Random(seed), reseau, membre)
    found = Lot.of(reseau, [atelier.pk for atelier in ateliers], TODAY, detail=True)
    for atelier in ateliers:
        expected, presences = row_by_row(atelier), found.presences[atelier.pk]
        assert +presences.totals == expected["totals"]
        assert presences.reached == expected["reached"]
        assert presences.came == expected["came"]
        assert presences.speakers == expected["speakers"]
        assert presences.invited == expected["invited"]
        assert +presences.par_role == expected["par_role"]
        assert +presences.par_civilite == expected["par_civilite"]
        assert found.enquetes[atelier.pk] == expected["enquete"]


@pytest.mark.parametrize("seed", range(2))
def test_without_a_comparison_the_invited_are_counted_not_listed(reseau, membre, seed):
    ateliers = generate(random.Random(seed), reseau, membre)
    ids = [atelier.pk for atelier in ateliers]
    compared, counted = Lot.of(reseau, ids, TODAY), Lot.of(reseau, ids, TODAY, comparer=False)
    for pk in ids:
        assert counted.presences[pk].totals == compared.presences[pk].totals
        assert counted.presences[pk].reached == compared.presences[pk].reached
        assert counted.presences[pk].invited == set()


@pytest.mark.parametrize("seed", range(2))
def test_without_a_comparison_every_other_figure_stays_the_same(reseau, membre, seed):
    ateliers = generate(random.Random(seed), reseau, membre)
    comparison = ("changements_declaratifs", "progression_3_mois", "progression_6_mois")

    def reported(row: dict) -> dict:
        detail = {key: value for key, value in row["detail"].items() if key != "courbe"}
        return {key: value for key, value in row.items() if key not in comparison} | {"detail": detail}

    compared = ateliers_indicateurs(reseau, ateliers, today=TODAY)
    bare = ateliers_indicateurs(reseau, ateliers, today=TODAY, comparer=False)
    assert [reported(row) for row in bare] == [reported(row) for row in compared]


@pytest.mark.parametrize("seed", range(3))
def test_participants_by_gender_are_those_present_one_by_one(reseau, membre, seed):
    ateliers = generate(random.Random(seed), reseau, membre)
    rows = ateliers_indicateurs(reseau, ateliers, today=TODAY, comparer=False)
    known = [row["id"] for row in rows if row["participants_presents"] is not None]
    present = Inscription.objects.filter(atelier_id__in=known, present=True, qualite="participant")
    counted = Counter(present.values_list("civilite", flat=True))
    assert [(g["genre"], g["n"]) for g in genders_of(rows)] == [
        (label, counted.get(code, 0)) for code, label in GENRES.items()
    ]


def test_the_counted_values_follow_each_change_of_an_answer(reseau, membre):
    atelier = make_atelier(reseau, responsable=membre)
    questionnaire = Questionnaire.objects.create(reseau=reseau, atelier=atelier, ferme_le=TODAY)

    def counted(reponse) -> str:
        return Reponse.objects.values_list("valeurs_comptees", flat=True).get(pk=reponse.pk)

    def meaning(reponse) -> tuple:
        return lot._meaning(counted(reponse))

    reponse = Reponse.objects.create(
        reseau=reseau, questionnaire=questionnaire, inscription=inscrire(atelier), valeurs={}
    )
    assert meaning(reponse) == (None, [], False)
    reponse.valeurs = {"satisfaction": 4, "trop_technique": True, "rendez_vous": {"souhaite": True}}
    reponse.save()
    assert meaning(reponse) == (4, [("trop_technique", True)], True)
    Reponse.objects.filter(pk=reponse.pk).update(valeurs={"satisfaction": "4", "trop_institutionnel": False})
    assert meaning(reponse) == (None, [("trop_institutionnel", False)], False)
    [made] = Reponse.objects.bulk_create(
        [
            Reponse(
                reseau=reseau,
                questionnaire=questionnaire,
                inscription=inscrire(atelier),
                valeurs={"satisfaction": 5, "rendez_vous": True},
            )
        ]
    )
    assert meaning(made) == (5, [], False)


def relances_row_by_row(reseau, atelier, today) -> dict | None:
    mine = [
        r for r in Relance.objects.filter(reseau=reseau) if r.origine.startswith(f"atelier:{atelier.pk}:")
    ]
    if not mine:
        return None
    return {
        "total": len(mine),
        "dues": sum(1 for r in mine if r.echeance <= today),
        "a_temps": sum(1 for r in mine if r.faite_le and timezone.localdate(r.faite_le) <= r.echeance),
        "en_retard": sum(1 for r in mine if not r.faite_le and r.echeance < today),
    }


@pytest.mark.parametrize("seed", range(3))
def test_each_ateliers_relances_are_those_whose_origine_names_it(reseau, membre, seed):
    rng = random.Random(seed)
    ateliers = [make_atelier(reseau, titre=f"Atelier {n}", responsable=membre) for n in range(4)]
    origines = ["saisie", "", "atelier:abc:j15", "atelier::x", "xatelier:{pk}:j1", "atelier:{pk}"]
    for _ in range(60):
        pk = rng.choice(ateliers).pk
        day = TODAY + datetime.timedelta(days=rng.randint(-40, 40))
        Relance.objects.create(
            reseau=reseau,
            titre="Suivi",
            echeance=day,
            responsable=membre,
            faite_le=moment(day + datetime.timedelta(days=rng.randint(-5, 5)))
            if rng.random() < 0.5
            else None,
            origine=rng.choice([f"atelier:{pk}:j{rng.randint(1, 9)}"] * 4 + origines).format(pk=pk),
        )
    counted = lot.relances_of(reseau, [atelier.pk for atelier in ateliers], TODAY)
    for atelier in ateliers:
        found = counted.get(atelier.pk)
        wanted = ("total", "dues", "a_temps", "en_retard")
        assert (found and {key: found[key] for key in wanted}) == relances_row_by_row(reseau, atelier, TODAY)


def test_the_atelier_a_relance_names_follows_its_origine(reseau, membre):
    def named(relance) -> str:
        return Relance.objects.values_list("atelier_origine", flat=True).get(pk=relance.pk)

    relance = Relance.objects.create(
        reseau=reseau, titre="Suivi", echeance=TODAY, responsable=membre, origine="atelier:12:j15:3"
    )
    assert named(relance) == "12"
    relance.origine = "saisie"
    relance.save()
    assert named(relance) == ""
    Relance.objects.filter(pk=relance.pk).update(origine="atelier:7:j1")
    assert named(relance) == "7"
    [made] = Relance.objects.bulk_create(
        [Relance(reseau=reseau, titre="Suivi", echeance=TODAY, responsable=membre, origine="atelier:40")]
    )
    assert named(made) == ""  # no key after the atelier: not an atelier's follow-up
