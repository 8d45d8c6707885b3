"""The demo réseau: CENTRAIDER in Centre-Val de Loire, with a demo account.

Every later capability adds its demo facts here, each clearly labelled as such.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

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
    return reseau
