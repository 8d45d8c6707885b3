"""The demo réseau: CENTRAIDER in Centre-Val de Loire, with a demo account, and each
capability's demo facts, every one of them labelled as such. Each capability writes its own
facts (its `demo` module); this module only calls them in order."""

from django.contrib.auth import get_user_model
from django.db import transaction

from passerelles.accompagnement.demo import demo_dossiers
from passerelles.ateliers.demo import demo_ateliers
from passerelles.ateliers.suivi.demo import demo_suivi
from passerelles.bilan.demo import demo_bilan
from passerelles.capitalisation.demo import demo_fiche
from passerelles.core.models import Membre, Reseau
from passerelles.leviers.demo import demo_catalogue_editor
from passerelles.mobilisation.demo import demo_engagement_facts
from passerelles.territoires.models import Collectivite, TypeCollectivite

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
        slug=DEMO_SLUG,
        defaults={"nom": "CENTRAIDER (démonstration)", "region": region, "demonstration": True},
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
    demo_dossiers(reseau, user)
    demo_bilan(reseau, user)
    return reseau
