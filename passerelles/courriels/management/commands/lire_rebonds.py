from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles.courriels.rebonds import imap_reports, maildir_reports, mbox_reports, read_reports


class Command(BaseCommand):
    help = (
        "Lit les avis de non-remise (rebonds) d'une boîte aux lettres — fichier mbox, dossier "
        "Maildir, ou la boîte IMAP des réglages REBONDS_IMAP_* — et marque en échec les adresses "
        "refusées pour de bon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mbox", help="Fichier mbox à lire")
        parser.add_argument("--maildir", help="Dossier Maildir à lire")

    def handle(self, *args, **options):
        if options["mbox"]:
            reports = mbox_reports(options["mbox"])
        elif options["maildir"]:
            reports = maildir_reports(options["maildir"])
        elif settings.REBONDS_IMAP_HOST:
            reports = imap_reports(
                host=settings.REBONDS_IMAP_HOST,
                user=settings.REBONDS_IMAP_USER,
                password=settings.REBONDS_IMAP_PASSWORD,
            )
        else:
            raise CommandError("Indiquez --mbox, --maildir, ou réglez REBONDS_IMAP_HOST.")
        try:
            found = read_reports(reports)
        except (OSError, ValueError) as error:
            raise CommandError(f"Boîte illisible : {error}") from error
        self.stdout.write(f"Adresses marquées en échec après un avis de non-remise : {found}.")
