import csv

from django.core.management.base import BaseCommand, CommandError

from passerelles.contacts.exports import contact_export_rows
from passerelles.contacts.models import Contact
from passerelles.core.models import Reseau
from passerelles.core.tableurs import safe_cell


class Command(BaseCommand):
    help = "Écrit les contacts d'un réseau en CSV sur la sortie standard."

    def add_arguments(self, parser):
        parser.add_argument("--reseau", required=True, help="Identifiant (slug) du réseau")

    def handle(self, *args, **options):
        reseau = Reseau.objects.filter(slug=options["reseau"]).first()
        if reseau is None:
            raise CommandError(f"Réseau « {options['reseau']} » introuvable.")
        headers, rows = contact_export_rows(Contact.objects.for_reseau(reseau).filter(efface_le__isnull=True))
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])
