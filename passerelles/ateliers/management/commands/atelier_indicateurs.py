import json

from django.core.management.base import BaseCommand, CommandError

from passerelles.ateliers.preparation.models import Atelier
from passerelles.ateliers.suivi.definitions import DEFINITIONS
from passerelles.ateliers.suivi.indicateurs import ateliers_indicateurs
from passerelles.core.models import Reseau


class Command(BaseCommand):
    help = "Indicateurs des ateliers d'un réseau, calculés à partir des données (inconnu : null)."

    def add_arguments(self, parser):
        parser.add_argument("--reseau", required=True, help="Identifiant (slug) du réseau")
        parser.add_argument("--atelier", type=int, help="Numéro d'un atelier (par défaut : tous)")
        parser.add_argument("--format", choices=["json", "texte"], default="texte")

    def handle(self, *args, **options):
        reseau = Reseau.objects.filter(slug=options["reseau"]).first()
        if reseau is None:
            raise CommandError(f"Réseau inconnu : « {options['reseau']} ».")
        ateliers = Atelier.objects.for_reseau(reseau).order_by("date", "pk")
        if options["atelier"] is not None:
            ateliers = ateliers.filter(pk=options["atelier"])
            if not ateliers.exists():
                raise CommandError(f"Aucun atelier n° {options['atelier']} dans ce réseau.")
        rows = [
            {key: value for key, value in row.items() if key != "detail"}
            for row in ateliers_indicateurs(reseau, ateliers)
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"== {row['titre']} ({row['date']}, n° {row['id']})")
            for key, (label, _) in DEFINITIONS.items():
                if key in row and not key.startswith("progression"):
                    self.stdout.write(f"{label} : {_text(row[key])}")
            for months in (3, 6):
                self.stdout.write(
                    f"Progression à {months} mois : {row[f'progression_{months}_mois']['conclusion']}"
                )


def _text(value) -> str:
    return "inconnu" if value is None else str(value)
