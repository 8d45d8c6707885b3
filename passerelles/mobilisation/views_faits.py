from django import forms
from django.conf import settings
from django.shortcuts import render

from passerelles.contacts.importation.lecture import read_table
from passerelles.core.fichiers import FichierInvalide, check_size
from passerelles.core.tenancy import membre_required

from .faits_import import SOURCES_PAR_DEFAUT, faits_import
from .models import TypeFait


class FaitsImportForm(forms.Form):
    fichier = forms.FileField(label="Tableur (CSV ou XLSX)")
    type = forms.ChoiceField(label="Ce que le fichier recense", choices=TypeFait.choices)
    source = forms.CharField(
        label="Source",
        max_length=300,
        required=False,
        help_text="Par défaut : le type de liste et le nom du fichier.",
    )
    simulation = forms.BooleanField(label="Simuler seulement", required=False, initial=True)


@membre_required
def importer(request):
    form = FaitsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["fichier"], form.cleaned_data
        try:
            check_size(upload.size, settings.IMPORT_TAILLE_MAX)
            table = read_table(upload.read(), taille_max=settings.IMPORT_TAILLE_MAX)
            source = data["source"] or f"{SOURCES_PAR_DEFAUT[data['type']]}, fichier {upload.name}"
            report = faits_import(
                reseau=request.reseau,
                auteur=request.user,
                table=table,
                type_fait=data["type"],
                source=source,
                dry_run=data["simulation"],
            )
        except (FichierInvalide, ValueError) as exc:
            form.add_error("fichier", str(exc))
    return render(request, "mobilisation/faits_import.html", {"form": form, "rapport": report})
