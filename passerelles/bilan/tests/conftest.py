"""A réseau's year 2025, recorded as staff record it: two ateliers, dossiers moved through
their states on dated days, time logged, engagement facts, coordination actions, objectives."""

import datetime
from decimal import Decimal

import pytest

from passerelles.accompagnement.models import ChangementDossier
from passerelles.accompagnement.services import dossier_create, dossier_move, log_add
from passerelles.ateliers.preparation.models import LigneBudget
from passerelles.ateliers.suivi.tests.donnees_suivi import commune, inscrire, make_atelier, moment
from passerelles.bilan.models import ActionCoordination
from passerelles.bilan.services import objectifs_save
from passerelles.leviers.models import Instrument
from passerelles.mobilisation.models import FaitEngagement

ANNEE = 2025
TODAY = datetime.date(2026, 3, 2)


def move(dossier, etat: str, day: datetime.date, auteur, motif: str = "test") -> None:
    change = dossier_move(dossier=dossier, etat=etat, motif=motif, auteur=auteur)
    ChangementDossier.objects.filter(pk=change.pk).update(quand=moment(day))


def dossier(reseau, auteur, code: str, instrument: str, **fields):
    return dossier_create(
        reseau=reseau,
        collectivite=commune(code),
        instrument=Instrument.objects.get(code=instrument),
        auteur=auteur,
        **fields,
    )


def fait(reseau, code: str, type_: str, **fields) -> FaitEngagement:
    return FaitEngagement.objects.create(
        reseau=reseau,
        collectivite=commune(code),
        type=type_,
        intitule=f"{type_} {code}",
        source="test",
        **fields,
    )


@pytest.fixture
def annee(reseau, membre):
    printemps = make_atelier(reseau, responsable=membre, titre="Printemps", date=datetime.date(ANNEE, 4, 3))
    make_atelier(reseau, titre="Ancien", date=datetime.date(ANNEE - 1, 6, 1))
    inscrire(printemps, commune("18160"), civilite="Mme")  # Nérondes
    inscrire(printemps, commune("18033"), civilite="Mme")  # Bourges
    inscrire(printemps, commune("45234"), civilite="M.")
    inscrire(printemps, commune("18033"))  # no civility given
    inscrire(printemps, commune("18033"), civilite="M.", qualite="intervenant")  # a speaker: apart
    LigneBudget.objects.create(atelier=printemps, nature="depense", libelle="Salle", montant=Decimal("600"))
    LigneBudget.objects.create(atelier=printemps, nature="depense", libelle="Repas", montant=Decimal("900"))
    LigneBudget.objects.create(
        atelier=printemps, nature="recette", libelle="Subvention", montant=Decimal("1000"), financeur="Région"
    )
    # Dossiers: one retenu with both amounts, one retenu with no amount, one refused, one in montage.
    retenu = dossier(
        reseau,
        membre,
        "18160",
        "cles-en-main",
        montant_demande=Decimal("30000"),
        montant_accorde=Decimal("24000"),
        part_collectivite=Decimal("8000"),
    )
    for etat, day in (
        ("en_montage", (ANNEE - 1, 11, 2)),
        ("depose", (ANNEE, 2, 1)),
        ("retenu", (ANNEE, 6, 30)),
    ):
        move(retenu, etat, datetime.date(*day), membre)
    sans_montant = dossier(reseau, membre, "45234", "town-twinning")
    for etat, day in (("en_montage", (ANNEE, 1, 5)), ("depose", (ANNEE, 2, 1)), ("retenu", (ANNEE, 9, 1))):
        move(sans_montant, etat, datetime.date(*day), membre)
    refuse = dossier(reseau, membre, "18033", "aap-dctciv", part_collectivite=Decimal("5000"))
    for etat, day in (("en_montage", (ANNEE, 1, 5)), ("depose", (ANNEE, 3, 1))):
        move(refuse, etat, datetime.date(*day), membre)
    move(refuse, "refuse", datetime.date(ANNEE, 7, 1), membre, motif="Partenaire trop peu associé")
    montage = dossier(reseau, membre, "18031", "ficol")
    move(montage, "en_montage", datetime.date(ANNEE, 11, 15), membre)
    log_add(
        dossier=retenu,
        auteur=membre,
        date=datetime.date(ANNEE, 1, 20),
        type="rencontre",
        heures=Decimal("2.5"),
    )
    log_add(
        dossier=montage, auteur=membre, date=datetime.date(ANNEE, 11, 20), type="appel", heures=Decimal("1")
    )
    log_add(
        dossier=retenu, auteur=membre, date=datetime.date(ANNEE - 1, 10, 1), type="appel", heures=Decimal("4")
    )
    # Facts: a cooperation begun this year in the Loiret, a twinning that ended this year.
    fait(reseau, "45234", "cooperation", annee_debut=ANNEE)
    fait(reseau, "18031", "jumelage", annee_debut=1990, annee_fin=ANNEE)
    fait(reseau, "18033", "declaration_apd")  # undated: counts for every year
    ActionCoordination.objects.create(
        reseau=reseau, annee=ANNEE, titre="Programme eau Sahel", nature="programme", participants=12
    )
    ActionCoordination.objects.create(reseau=reseau, annee=ANNEE, titre="Groupe jumelages", nature="groupe")
    objectifs_save(
        reseau=reseau,
        annee=ANNEE,
        cibles={"ateliers": Decimal(2), "dossiers_deposes": Decimal(4), "budget_depenses": Decimal("2000")},
        auteur=membre,
    )
    return {"retenu": retenu, "sans_montant": sans_montant, "refuse": refuse, "montage": montage}
