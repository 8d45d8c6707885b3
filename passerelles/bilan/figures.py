"""The figures of the yearly bilan: for each mission of the réseau, what is counted and how it
is defined; and how a figure is written in French, with « inconnu » for what nobody recorded."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from passerelles.core.francais import NBSP, NNBSP


class Mission(models.TextChoices):
    """The missions of a réseau régional multi-acteurs, as its funders read them."""

    OBSERVATION = "observation", "Observation du territoire"
    SENSIBILISATION = "sensibilisation", "Information et sensibilisation"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement des collectivités"
    COORDINATION = "coordination", "Coordination des acteurs"
    CAPITALISATION = "capitalisation", "Capitalisation"


NOMBRE, HEURES, EUROS, LEVIER, TAUX = "nombre", "heures", "euros", "levier", "taux"


@dataclass(frozen=True)
class Figure:
    cle: str
    mission: str
    libelle: str
    definition: str
    unite: str = NOMBRE


FIGURES = [
    Figure(
        "collectivites_engagees",
        Mission.OBSERVATION,
        "Collectivités engagées à l'international",
        "Collectivités de la région ayant, dans l'année, une coopération, un jumelage, un « 1 % » ou une "
        "déclaration e-APD connus du réseau : fait d'engagement enregistré avec sa source, ou dossier "
        "« retenu ». Un fait sans dates compte pour chaque année.",
    ),
    Figure(
        "engagements_commences",
        Mission.OBSERVATION,
        "Engagements commencés dans l'année",
        "Collectivités dont un engagement connu a commencé cette année-là (année de début du fait, "
        "ou décision « retenu » d'un dossier).",
    ),
    Figure(
        "engagements_arretes",
        Mission.OBSERVATION,
        "Engagements arrêtés dans l'année",
        "Collectivités dont un engagement a pris fin cette année-là sans qu'aucun autre ne se poursuive "
        "l'année suivante.",
    ),
    Figure(
        "ateliers",
        Mission.SENSIBILISATION,
        "Ateliers tenus",
        "Ateliers de l'année dont la date est passée, hors ateliers annulés.",
    ),
    Figure(
        "participants_presents",
        Mission.SENSIBILISATION,
        "Participants",
        "Personnes pointées présentes comme participantes ; intervenants, organisateurs et partenaires "
        "sont comptés à part.",
    ),
    Figure(
        "intervenants_presents",
        Mission.SENSIBILISATION,
        "Intervenants (à part)",
        "Personnes venues parler ou témoigner, non comptées parmi les participants.",
    ),
    Figure(
        "collectivites_touchees",
        Mission.SENSIBILISATION,
        "Collectivités touchées",
        "Collectivités distinctes représentées par au moins un participant à un atelier de l'année.",
    ),
    Figure(
        "nouvelles_collectivites",
        Mission.SENSIBILISATION,
        "Nouvelles collectivités",
        "Collectivités touchées que le réseau ne connaissait pas avant leur premier atelier de l'année : "
        "ni échange, ni fait, ni étape au-delà de « Inconnue ».",
    ),
    Figure(
        "nouvelles_eloignees",
        Mission.SENSIBILISATION,
        "dont éloignées de l'action internationale",
        "Nouvelles collectivités sans coopération, jumelage, entrée de l'Atlas ni déclaration d'APD connus.",
    ),
    Figure(
        "budget_depenses",
        Mission.SENSIBILISATION,
        "Budget des ateliers (dépenses)",
        "Somme des lignes de dépense des budgets des ateliers tenus dans l'année.",
        EUROS,
    ),
    Figure(
        "execution_budget",
        Mission.SENSIBILISATION,
        "Exécution du budget prévu",
        "Dépenses des ateliers tenus rapportées à l'enveloppe prévue pour l'année (objectif « Budget des "
        "ateliers ») ; inconnue sans enveloppe.",
        TAUX,
    ),
    Figure(
        "dossiers_accompagnes",
        Mission.ACCOMPAGNEMENT,
        "Dossiers accompagnés",
        "Dossiers créés, changés d'état ou ayant reçu du temps d'accompagnement dans l'année.",
    ),
    Figure(
        "collectivites_accompagnees",
        Mission.ACCOMPAGNEMENT,
        "Collectivités accompagnées",
        "Collectivités distinctes porteuses de ces dossiers.",
    ),
    Figure(
        "rencontres",
        Mission.ACCOMPAGNEMENT,
        "Temps d'accompagnement enregistrés",
        "Rendez-vous, appels, courriels et séances de travail notés au journal d'accompagnement des "
        "dossiers dans l'année.",
    ),
    Figure(
        "heures",
        Mission.ACCOMPAGNEMENT,
        "Heures d'accompagnement",
        "Somme des heures notées au journal d'accompagnement dans l'année.",
        HEURES,
    ),
    Figure(
        "dossiers_deposes",
        Mission.ACCOMPAGNEMENT,
        "Dossiers déposés",
        "Dossiers passés à « Déposé » dans l'année.",
    ),
    Figure(
        "dossiers_retenus",
        Mission.ACCOMPAGNEMENT,
        "Dossiers retenus",
        "Dossiers passés à « Retenu » dans l'année : la décision du financeur est connue.",
    ),
    Figure(
        "dossiers_refuses",
        Mission.ACCOMPAGNEMENT,
        "Dossiers refusés",
        "Dossiers passés à « Refusé » dans l'année, avec la raison notée.",
    ),
    Figure(
        "montant_accorde",
        Mission.ACCOMPAGNEMENT,
        "Montants accordés",
        "Somme des montants accordés aux dossiers retenus dans l'année dont le montant est connu ; "
        "les dossiers au montant inconnu sont comptés à part, jamais pour 0.",
        EUROS,
    ),
    Figure(
        "effet_levier",
        Mission.ACCOMPAGNEMENT,
        "Effet levier",
        "Euros accordés par les financeurs pour un euro apporté par les collectivités, sur les dossiers "
        "retenus dans l'année dont les deux montants sont connus.",
        LEVIER,
    ),
    Figure(
        "actions_coordination",
        Mission.COORDINATION,
        "Actions de coordination",
        "Programmes partagés, groupes de travail et rencontres régionales que le réseau a enregistrés "
        "pour l'année.",
    ),
    Figure(
        "participants_coordination",
        Mission.COORDINATION,
        "Participants aux actions de coordination",
        "Somme des participants connus de ces actions ; une action sans nombre est comptée à part.",
    ),
    Figure(
        "fiches",
        Mission.CAPITALISATION,
        "Fiches de capitalisation rédigées",
        "Fiches créées par le réseau dans l'année.",
    ),
]
FIGURE = {figure.cle: figure for figure in FIGURES}

# The figures the réseau can set itself a target for; the atelier budget's target is the
# year's planned envelope, against which execution is measured.
CIBLES = [f for f in FIGURES if f.unite not in (TAUX, LEVIER) and f.cle != "intervenants_presents"]


def ecrit(value, unite: str = NOMBRE) -> str:
    """A figure as the page and the documents write it."""
    if value is None:
        return "inconnu"
    if unite == TAUX:
        # Below 10 %, one decimal: 1 collectivité of 343 is « 0,3 % », not « 0 % ».
        shown = f"{value * 100:.1f}".replace(".", ",") if value < 0.1 else str(round(value * 100))
        return f"{shown}{NBSP}%"
    if unite == LEVIER:
        return f"{value:.2f}".replace(".", ",") + f"{NBSP}€ pour 1{NBSP}€"
    if unite == EUROS:
        return f"{_number(Decimal(value).quantize(Decimal(1)))}{NBSP}€"
    if unite == HEURES:
        return f"{_number(Decimal(value).normalize())}{NBSP}h"
    return _number(Decimal(value).normalize() if isinstance(value, Decimal) else value)


def _number(value) -> str:
    text = f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    whole, _, decimals = text.partition(".")
    written = whole.replace(",", NNBSP)
    return f"{written},{decimals}" if decimals else written
