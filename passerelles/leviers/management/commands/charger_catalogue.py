from django.core.management.base import BaseCommand

from passerelles.leviers.catalogue import catalogue_load


class Command(BaseCommand):
    help = (
        "Charge le catalogue livré (points d'entrée, instruments) sans écraser les modifications de l'équipe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reinitialiser", action="store_true", help="Remet les fiches livrées (historique gardé)"
        )

    def handle(self, *args, **options):
        created = catalogue_load(reset=options["reinitialiser"])
        points, instruments = created["points_entree"], created["instruments"]
        self.stdout.write(f"Catalogue : {points} point(s) d'entrée et {instruments} instrument(s) ajoutés.")
