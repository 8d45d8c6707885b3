"""A dashboard reads its ateliers at once and counts in the database; one atelier's page
reads only what concerns it, one row at a time. On generated data, both give the same figures."""

import datetime
import random

import pytest

from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.suivi import lot
from passerelles.ateliers.suivi.indicateurs import atelier_indicateurs, ateliers_indicateurs
from passerelles.ateliers.suivi.models import Questionnaire, Reponse
from passerelles.ateliers.suivi.tests.donnees_suivi import (
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
TODAY = datetime.date(2025, 3, 1)
ONLY_ON_ONE_ATELIERS_PAGE = ("par", "interets")


def generate(rng: random.Random, reseau, membre) -> list:
    communes = list(
        Collectivite.objects.filter(type="commune", region__code="24")
        .order_by("code")
        .values_list("pk", flat=True)
    )[:80]
    for pk in rng.sample(communes, 40):
        collectivite = Collectivite.objects.get(pk=pk)
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 400))
        kind = rng.choice(["echange", "fait", "etape", "apd"])
        if kind == "echange":
            echange(reseau, collectivite, day)
        elif kind in ("fait", "apd"):
            fait(reseau, collectivite, day, type="jumelage" if kind == "fait" else "declaration_apd")
        else:
            preuve = rng.choice(["echange", "automatique", "declaration", "deliberation"])
            etape(reseau, collectivite, rng.choice(["contactee", "interessee", "projet"]), day, preuve=preuve)
    ateliers = []
    for n in range(4):
        atelier = make_atelier(
            reseau, titre=f"Atelier {n}", date=datetime.date(2024, 3 + 2 * n, 10), responsable=membre
        )
        questionnaire = Questionnaire.objects.create(reseau=reseau, atelier=atelier, ferme_le=TODAY)
        for pk in rng.sample(communes, 25):
            Invitation.objects.create(reseau=reseau, atelier=atelier, email=f"m{pk}@x.fr", collectivite_id=pk)
        for pk in rng.sample(communes, 15):
            inscription = inscrire(
                atelier,
                Collectivite.objects.get(pk=pk),
                present=rng.random() < 0.7,
                qualite=rng.choice(["participant"] * 5 + ["intervenant", "organisateur", "partenaire"]),
                etat=rng.choice(["confirmee"] * 6 + ["attente", "annulee"]),
                source=rng.choice(["lien_personnel", "sur_place", "lien_public"]),
            )
            if rng.random() < 0.6:
                Reponse.objects.create(
                    reseau=reseau,
                    questionnaire=questionnaire,
                    inscription=inscription,
                    repondu_le=moment(atelier.date),
                    valeurs={
                        "satisfaction": rng.randint(1, 5),
                        "trop_technique": rng.choice([True, False]),
                        "trop_institutionnel": rng.choice([True, False, None]),
                        "rendez_vous": {"souhaite": rng.choice([True, False])},
                        "points_entree": rng.sample(["jumelage-jeunesse", "alimentation"], rng.randint(0, 2)),
                    },
                )
        for k in range(6):
            Relance.objects.create(
                reseau=reseau,
                titre="Suivi",
                echeance=atelier.date + datetime.timedelta(days=15 * k),
                responsable=membre,
                faite_le=moment(atelier.date + datetime.timedelta(days=10 * k)) if k % 2 else None,
                origine=f"atelier:{atelier.pk}:j{k}:{k}",
            )
        ateliers.append(atelier)
    Relance.objects.create(  # an origine that names no atelier is not counted anywhere
        reseau=reseau, titre="x", echeance=TODAY, responsable=membre, origine="atelier:abc:j15"
    )
    return ateliers


def comparable(figures: dict) -> dict:
    """The figures without what only one atelier's page shows (tables, interests, names)."""
    detail = {key: value for key, value in figures["detail"].items() if key not in ONLY_ON_ONE_ATELIERS_PAGE}
    rows = sorted(detail["collectivites"], key=lambda row: row["id"])  # the page sorts them by name
    detail["collectivites"] = [{k: v for k, v in row.items() if k != "nom"} for row in rows]
    return {**figures, "detail": detail}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dashboards_figures_are_each_ateliers_own(reseau, membre, seed):
    ateliers = generate(random.Random(seed), reseau, membre)
    together = ateliers_indicateurs(reseau, ateliers, today=TODAY)
    for atelier, row in zip(ateliers, together, strict=True):
        alone = atelier_indicateurs(atelier, today=TODAY)
        assert comparable(alone) == comparable(row)
        assert alone["detail"]["par"] and alone["participants_presents"] is not None


@pytest.mark.parametrize("seed", [4, 5])
def test_each_ateliers_collectivites_grouped_by_the_database_are_those_of_its_rows_one_by_one(
    reseau, membre, seed
):
    ateliers = generate(random.Random(seed), reseau, membre)
    Invitation.objects.create(reseau=reseau, atelier=ateliers[0], email="sans@x.fr")  # no collectivité
    inscrire(ateliers[1], None, qualite="intervenant")  # a speaker who came on their own
    grouped = lot.presences_of([atelier.pk for atelier in ateliers])
    for atelier in ateliers:
        present = [i for i in atelier.inscriptions.all() if i.present and i.collectivite_id]
        found = grouped[atelier.pk]
        assert found.came == {i.collectivite_id for i in present}
        assert found.reached == {i.collectivite_id for i in present if i.qualite == "participant"}
        assert found.speakers == {i.collectivite_id for i in present if i.qualite == "intervenant"}
        invitations = list(atelier.invitations.all())
        assert found.invited == {i.collectivite_id for i in invitations if i.collectivite_id}
        assert found.totals["invites"] == len(invitations)
        assert found.reached and found.invited
