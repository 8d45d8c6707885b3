import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from passerelles.territoires.importer import referentiel_import
from passerelles.territoires.sources import ReferentielInvalide


class Command(BaseCommand):
    help = (
        "Importe le référentiel territorial (régions, départements, EPCI, communes) depuis "
        "l'instantané livré ou depuis un dossier de fichiers officiels plus récents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="directory",
            type=Path,
            default=None,
            help="Dossier contenant communes.json, epci.json, departements.json, regions.json "
            "(éventuellement compressés en .gz) ; par défaut, l'instantané livré.",
        )
        parser.add_argument("--region", default=None, help="Code INSEE de la région à importer seule")

    def handle(self, *args, **options):
        show_bar = sys.stderr.isatty() and options["verbosity"] > 0
        with tqdm(total=None, unit=" collectivités", disable=not show_bar, desc="Import") as bar:
            try:
                report = referentiel_import(
                    directory=options["directory"],
                    region=options["region"],
                    progress=lambda advance, total: _advance(bar, advance, total),
                )
            except ReferentielInvalide as exc:
                raise CommandError(f"Import annulé, le référentiel n'a pas été modifié. {exc}") from exc
        if options["verbosity"] > 0:
            self.stdout.write(report.summary())


def _advance(bar: tqdm, advance: int, total: int) -> None:
    bar.total = total
    bar.update(advance)
