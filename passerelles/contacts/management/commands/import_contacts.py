from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles.contacts.importation.colonnes import CHAMPS, guess_mapping
from passerelles.contacts.importation.execution import plan_execute
from passerelles.contacts.importation.lecture import read_table
from passerelles.contacts.importation.plan import build_plan
from passerelles.contacts.importation.rapport import detail_lines, summary_line
from passerelles.core.fichiers import FichierInvalide
from passerelles.core.models import Reseau


class Command(BaseCommand):
    help = "Importe un tableur de contacts (CSV ou XLSX) pour un réseau ; tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--reseau", required=True, help="Identifiant (slug) du réseau")
        parser.add_argument("--dry-run", action="store_true", help="Simuler sans rien enregistrer")

    def handle(self, *args, **options):
        reseau = Reseau.objects.filter(slug=options["reseau"]).first()
        if reseau is None:
            raise CommandError(f"Réseau « {options['reseau']} » introuvable.")
        try:
            data = options["fichier"].read_bytes()
            table = read_table(data, taille_max=settings.IMPORT_TAILLE_MAX)
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc.strerror or exc}.") from exc
        except FichierInvalide as exc:
            raise CommandError(f"Import refusé, rien n'a été enregistré. {exc}") from exc
        mapping = guess_mapping(table.en_tetes)
        if "nom" not in mapping.values():
            raise CommandError(
                "Import refusé : aucune colonne « Nom » reconnue parmi "
                + ", ".join(f"« {h} »" for h in table.en_tetes)
                + "."
            )
        recognised = ", ".join(
            f"{table.en_tetes[i]} → {CHAMPS[field][0]}" for i, field in sorted(mapping.items())
        )
        self.stdout.write(f"Colonnes reconnues : {recognised}")
        plan = build_plan(reseau=reseau, lignes=table.lignes, mapping=mapping)
        if not options["dry_run"]:
            plan_execute(reseau=reseau, auteur=None, plan=plan, nom_fichier=options["fichier"].name)
        for line in detail_lines(plan):
            self.stdout.write(line)
        self.stdout.write(summary_line(plan, options["dry_run"]))
