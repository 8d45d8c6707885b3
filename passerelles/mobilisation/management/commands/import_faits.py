from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles.contacts.importation.lecture import read_table
from passerelles.core.fichiers import FichierInvalide
from passerelles.core.models import Reseau
from passerelles.mobilisation.faits_import import SOURCES_PAR_DEFAUT, faits_import
from passerelles.mobilisation.models import TypeFait


class Command(BaseCommand):
    help = (
        "Importe des faits d'engagement (export de l'Atlas de la coopération décentralisée, "
        "jumelages, PAT, GAL) depuis un tableur CSV ou XLSX ; tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--reseau", required=True)
        parser.add_argument("--type", required=True, choices=TypeFait.values)
        parser.add_argument("--source", default="", help="Provenance notée sur chaque fait")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        reseau = Reseau.objects.filter(slug=options["reseau"]).first()
        if reseau is None:
            raise CommandError(f"Réseau « {options['reseau']} » introuvable.")
        try:
            table = read_table(options["fichier"].read_bytes(), taille_max=settings.IMPORT_TAILLE_MAX)
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc.strerror or exc}.") from exc
        except FichierInvalide as exc:
            raise CommandError(f"Import refusé, rien n'a été enregistré. {exc}") from exc
        source = (
            options["source"] or f"{SOURCES_PAR_DEFAUT[options['type']]}, fichier {options['fichier'].name}"
        )
        try:
            report = faits_import(
                reseau=reseau,
                auteur=None,
                table=table,
                type_fait=options["type"],
                source=source,
                dry_run=options["dry_run"],
            )
        except ValueError as exc:
            raise CommandError(f"Import refusé : {exc}.") from exc
        for line in report.ignorees:
            self.stdout.write(line)
        self.stdout.write(report.resume(options["dry_run"]))
