"""The demo réseau: CENTRAIDER in Centre-Val de Loire, with a demo account.

Every later capability adds its demo facts here, each clearly labelled as such.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from passerelles.ateliers.demo import demo_ateliers
from passerelles.ateliers.suivi.demo import demo_suivi
from passerelles.capitalisation.demo import demo_fiche
from passerelles.leviers.demo import demo_catalogue_editor
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .models import Membre, Reseau

DEMO_SLUG = "centraider"
DEMO_REGION = "24"
DEMO_USERNAME = "demo"


@transaction.atomic
def demo_load() -> Reseau:
    region = Collectivite.objects.filter(type=TypeCollectivite.REGION, code=DEMO_REGION).first()
    if region is None:
        raise LookupError(
            "La région Centre-Val de Loire (24) est absente : importez d'abord le référentiel "
            "avec « passerelles import_territoires »."
        )
    reseau, _ = Reseau.objects.update_or_create(
        slug=DEMO_SLUG, defaults={"nom": "CENTRAIDER (démonstration)", "region": region}
    )
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Compte", "last_name": "de démonstration"},
    )
    if created:
        user.set_password("demo")
        user.save()
    Membre.objects.update_or_create(utilisateur=user, defaults={"reseau": reseau})
    demo_catalogue_editor(user)
    demo_engagement_facts(reseau)
    demo_fiche(reseau)
    demo_ateliers(reseau)
    demo_suivi(reseau)
    return reseau


SEED_SOURCE = (
    "Fiche de capitalisation CENTRAIDER « Atelier de sensibilisation à l'AECT », Bourges, mai 2024 : "
    "collectivité venue témoigner de sa coopération décentralisée"
)
SEED_ENGAGED = [("region", "24"), ("commune", "18033"), ("epci", "200007177")]


def demo_engagement_facts(reseau: Reseau) -> None:
    """The collectivités the seed shows engaged in decentralised cooperation, sourced to it."""
    from passerelles.mobilisation.models import FaitEngagement, TypeFait
    from passerelles.mobilisation.services import fait_create

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
