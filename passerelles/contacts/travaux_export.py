"""Large contact exports are written by the worker: a réseau's whole file does not fit in
one request's 30 seconds."""

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from passerelles.core.francais import accord
from passerelles.core.tableurs import spreadsheet_bytes
from passerelles.core.travaux import report_progress, save_travail_file, travail_task

from .exports import contact_export_rows
from .forms import ContactFilterForm
from .selectors import contact_list

# Up to this many contacts, the export is sent at once; beyond, the worker writes it.
EXPORT_EN_DIRECT = 5000


def filtered_contacts(reseau, querystring: str):
    form = ContactFilterForm(QueryDict(querystring))
    filters = form.cleaned_data if form.is_valid() else {}
    return contact_list(reseau=reseau, **{k: v for k, v in filters.items() if v})


@travail_task
def exporter_contacts(travail, *, requete: str, fmt: str):
    contacts = filtered_contacts(travail.reseau, requete)
    report_progress(travail, 0, contacts.count(), etape="Écriture du fichier")
    headers, rows = contact_export_rows(contacts)
    save_travail_file(travail, fmt, spreadsheet_bytes(headers, rows, fmt))
    return {
        "resume": f"{accord(len(rows), 'contact exporté', 'contacts exportés')}.",
        "nom_fichier": f"contacts-{timezone.localdate().isoformat()}.{fmt}",
        "lien": reverse("travail_fichier", kwargs={"pk": travail.pk}),
        "libelle_lien": "Télécharger le fichier",
    }
