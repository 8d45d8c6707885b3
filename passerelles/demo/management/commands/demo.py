from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles.ateliers.demo import upcoming_atelier
from passerelles.demo.reseau import demo_load

LOCAL_SERVER = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Crée (ou met à jour) le réseau de démonstration CENTRAIDER et son compte demo/demo."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "La démonstration ne s'installe qu'en développement (DEBUG=1) : "
                "son mot de passe « demo » n'a rien à faire en production."
            )
        try:
            reseau = demo_load()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Réseau de démonstration prêt : {reseau.nom} ({reseau.slug}), "
            "identifiant demo, mot de passe demo."
        )
        # The public registration page of the upcoming demo atelier (route of the inscriptions area).
        jeton = upcoming_atelier(reseau).jeton_public
        self.stdout.write(f"Inscription publique : {LOCAL_SERVER}/ateliers/inscription/{jeton}/")
