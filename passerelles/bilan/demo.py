"""The demo réseau's year as its bilan reads it: the objectives it set itself and its
coordination actions, fictitious and labelled. Nothing follows from the seed's Bourges atelier.
Safe to run again."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from passerelles.mobilisation.models import FaitEngagement, TypeFait
from passerelles.mobilisation.services import fait_create
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .models import ActionCoordination, NatureCoordination, Objectif
from .services import objectifs_save

DEMO = "(démonstration)"
OBJECTIFS = {
    "collectivites_engagees": 6,
    "ateliers": 1,
    "collectivites_touchees": 20,
    "nouvelles_collectivites": 8,
    "dossiers_accompagnes": 5,
    "dossiers_deposes": 2,
    "heures": 20,
    "actions_coordination": 2,
    "fiches": 1,
}
ACTIONS = [
    (
        f"Groupe régional des comités de jumelage {DEMO}",
        NatureCoordination.GROUPE,
        f"Comités de jumelage du Cher et du Loir-et-Cher {DEMO}",
        18,
    ),
    (
        f"Programme partagé eau et assainissement au Sahel {DEMO}",
        NatureCoordination.PROGRAMME,
        f"Association Berry Solidarités Sahel, syndicat d'eau fictif {DEMO}",
        None,  # not counted yet: shown as unknown
    ),
]


TWINNING_SOURCE = f"Fait fictif du réseau de démonstration : relance du jumelage de Sancerre {DEMO}"


@transaction.atomic
def demo_bilan(reseau, user) -> int:
    """The current year's objectives, coordination actions and relaunched twinning; returns the year."""
    year = timezone.localdate().year
    _twinning_relaunched(reseau, user, year)
    if not ActionCoordination.objects.for_reseau(reseau).filter(annee=year).exists():
        for titre, nature, partenaires, participants in ACTIONS:
            ActionCoordination.objects.create(
                reseau=reseau,
                annee=year,
                titre=titre,
                nature=nature,
                partenaires=partenaires,
                participants=participants,
                description=f"Action fictive du réseau de démonstration {DEMO}.",
            )
    if not Objectif.objects.for_reseau(reseau).filter(annee=year).exists():
        cibles = {key: Decimal(value) for key, value in OBJECTIFS.items()}
        objectifs_save(reseau=reseau, annee=year, cibles=cibles, auteur=user)
    return year


def _twinning_relaunched(reseau, user, year: int) -> None:
    """Sancerre's twinning, asleep for years, relaunched this year (its Town-Twinning dossier
    is en montage): an engagement the bilan's observation counts as begun this year."""
    sancerre = Collectivite.objects.get(type=TypeCollectivite.COMMUNE, nom="Sancerre", departement__code="18")
    if (
        FaitEngagement.objects.for_reseau(reseau)
        .filter(collectivite=sancerre, source=TWINNING_SOURCE)
        .exists()
    ):
        return
    fait_create(
        reseau=reseau,
        collectivite=sancerre,
        auteur=user,
        type=TypeFait.JUMELAGE,
        intitule=f"Jumelage relancé avec une ville allemande {DEMO}",
        partenaire=f"Ville jumelle fictive {DEMO}",
        pays="Allemagne",
        annee_debut=year,
        source=TWINNING_SOURCE,
        illustratif=True,
    )
