from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelles.territoires.snapshot import snapshot_build
from passerelles.territoires.sources import SNAPSHOT_DIR, ReferentielInvalide


class Command(BaseCommand):
    help = (
        "Reconstruit l'instantané du référentiel livré avec l'application à partir des fichiers "
        "officiels (decoupage-administratif, coordonnées des communes, grille de densité INSEE)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decoupage",
            type=Path,
            required=True,
            help="Dossier contenant communes.json, epci.json, departements.json, regions.json",
        )
        parser.add_argument(
            "--coordonnees",
            type=Path,
            required=True,
            help="CSV communes_coordonnees_datafrance.csv",
        )
        parser.add_argument(
            "--densite",
            type=Path,
            required=True,
            help="CSV de la grille communale de densité INSEE (7 niveaux)",
        )
        parser.add_argument(
            "--formes", type=Path, default=None, help="GeoJSON des contours des départements (cartes)"
        )
        parser.add_argument("--vers", type=Path, default=SNAPSHOT_DIR, help="Dossier de sortie")

    def handle(self, *args, **options):
        try:
            counts = snapshot_build(
                decoupage_dir=options["decoupage"],
                coordonnees_csv=options["coordonnees"],
                densite_csv=options["densite"],
                formes_geojson=options["formes"],
                target=options["vers"],
            )
        except (ReferentielInvalide, OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Instantané non reconstruit : {exc}") from exc
        details = ", ".join(f"{name} : {count}" for name, count in counts.items())
        self.stdout.write(f"Instantané écrit dans {options['vers']} ({details}).")
