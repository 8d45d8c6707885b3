import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelles.capitalisation.importation.decoupage import split_fiche
from passerelles.capitalisation.importation.lecture import fiche_text
from passerelles.capitalisation.services import fiche_save
from passerelles.core.fichiers import FichierInvalide
from passerelles.core.models import Reseau


class Command(BaseCommand):
    help = "Découpe une fiche de capitalisation (texte ou PDF) en sections ; l'enregistre pour un réseau."

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Afficher le découpage sans rien enregistrer"
        )
        parser.add_argument("--format", choices=["json", "texte"], default="texte")
        parser.add_argument("--reseau", help="Identifiant (slug) du réseau, pour enregistrer")

    def handle(self, *args, **options):
        try:
            text = fiche_text(options["fichier"].read_bytes())
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc.strerror or exc}.") from exc
        except FichierInvalide as exc:
            raise CommandError(f"Import refusé. {exc}") from exc
        decoupage = split_fiche(text)
        sections = decoupage.sections()
        if options["format"] == "json":
            self.stdout.write(json.dumps(sections, ensure_ascii=False, indent=2))
        else:
            for key, value in sections.items():
                self.stdout.write(f"== {key}\n{value}\n")
            for change in decoupage.reparations:
                self.stdout.write(f"réparé : {change.avant} → {change.apres}")
        if options["dry_run"]:
            return
        reseau = Reseau.objects.filter(slug=options["reseau"] or "").first()
        if reseau is None:
            raise CommandError(
                "Indiquez le réseau avec --reseau SLUG pour enregistrer la fiche (ou --dry-run)."
            )
        fiche = fiche_save(reseau=reseau, auteur=None, **sections)
        self.stderr.write(f"Fiche enregistrée : {fiche} (n° {fiche.pk}).")
