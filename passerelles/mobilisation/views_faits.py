from django import forms
from django.conf import settings
from django.shortcuts import redirect, render

from passerelles.core.fichiers import FichierInvalide, check_size, keep_upload, precheck
from passerelles.core.tenancy import membre_required
from passerelles.core.travaux import launch

from .faits_import import SOURCES_PAR_DEFAUT
from .models import TypeFait
from .travaux import importer_faits


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
    """The file is checked at once (size, format, zip bomb), then read and imported by the
    worker: a large list never holds a request, nor the database, for minutes."""
    form = FaitsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["fichier"], form.cleaned_data
        try:
            check_size(upload.size, settings.IMPORT_TAILLE_MAX)
            content = upload.read()
            precheck(content, settings.IMPORT_TAILLE_MAX)
        except FichierInvalide as exc:
            form.add_error("fichier", str(exc))
        else:
            travail = launch(
                reseau=request.reseau,
                auteur=request.user,
                task=importer_faits,
                libelle=f"Import de faits d'engagement : {upload.name}",
                chemin=keep_upload(content),
                type_fait=data["type"],
                source=data["source"] or f"{SOURCES_PAR_DEFAUT[data['type']]}, fichier {upload.name}",
                simulation=data["simulation"],
            )
            return redirect("travail", pk=travail.pk)
    return render(request, "mobilisation/faits_import.html", {"form": form})
