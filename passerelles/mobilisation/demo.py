"""The demo réseau's engagement facts: the collectivités the seed shows engaged, sourced to it."""

from passerelles.territoires.models import Collectivite

from .models import FaitEngagement, TypeFait
from .services import fait_create

SEED_SOURCE = (
    "Fiche de capitalisation CENTRAIDER « Atelier de sensibilisation à l'AECT », Bourges, mai 2024 : "
    "collectivité venue témoigner de sa coopération décentralisée"
)
SEED_ENGAGED = [("region", "24"), ("commune", "18033"), ("epci", "200007177")]


def demo_engagement_facts(reseau) -> None:
    """The collectivités the seed shows engaged in decentralised cooperation, sourced to it."""
    for type_, code in SEED_ENGAGED:
        collectivite = Collectivite.objects.get(type=type_, code=code)
        if FaitEngagement.objects.filter(
            reseau=reseau, collectivite=collectivite, source=SEED_SOURCE
        ).exists():
            continue
        fait_create(
            reseau=reseau,
            collectivite=collectivite,
            auteur=None,
            type=TypeFait.COOPERATION,
            intitule="Coopération décentralisée (partenaire non précisé par la source)",
            source=SEED_SOURCE,
        )
