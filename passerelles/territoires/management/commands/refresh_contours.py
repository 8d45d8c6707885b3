from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelles.territoires.contours import CONTOURS_FILE, contours_build
from passerelles.territoires.sources import SNAPSHOT_DIR


class Command(BaseCommand):
    help = (
        "Reconstruit les contours compacts des communes (cartes) à partir des fichiers GeoJSON "
        "par département (communes-XX-nom.geojson)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, required=True, help="Dossier des communes-*.geojson")
        parser.add_argument("--vers", type=Path, default=SNAPSHOT_DIR, help="Dossier de sortie")

    def handle(self, *args, **options):
        try:
            count = contours_build(options["source"], options["vers"])
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Contours non reconstruits : {error}") from error
        self.stdout.write(f"Contours de {count} communes écrits dans {options['vers'] / CONTOURS_FILE}.")
