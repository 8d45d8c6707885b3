from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from passerelles.contacts.models import Organisation
from passerelles.core.saisie import MontantField
from passerelles.leviers.models import Appel, Instrument
from passerelles.mobilisation.pays import code_pays
from passerelles.territoires.forms import CollectiviteField, collectivite_label

from .models import Accompagnement, Dossier, Etat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEMBRES_MAX = 50


class MembresField(forms.CharField):
    """Member collectivités, one per line, each read by the territory matcher."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5000)
        kwargs.setdefault(
            "help_text", "Une par ligne : nom (avec le département en cas d'homonymie) ou code INSEE."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(collectivite_label(c) for c in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if len(lines) > MEMBRES_MAX:
            raise forms.ValidationError(f"Au plus {MEMBRES_MAX} collectivités membres.")
        found, errors = [], []
        reader = CollectiviteField()
        for line in lines:
            try:
                collectivite = reader.clean(line)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
                continue
            if collectivite not in found:
                found.append(collectivite)
        if errors:
            raise forms.ValidationError(errors)
        return found


MONTANTS = ("montant_demande", "montant_accorde", "part_collectivite")
MONTANT = forms.TextInput(attrs={"inputmode": "decimal"})


class DossierForm(forms.ModelForm):
    membres = MembresField(label="Collectivités membres")

    class Meta:
        model = Dossier
        fields = [
            "instrument",
            "appel_catalogue",
            "appel",
            "organisation",
            "membres",
            "pays",
            "partenaire",
            "montant_demande",
            "montant_accorde",
            "part_collectivite",
            "echeance",
            "suivi_par",
        ]
        widgets = {"echeance": DATE} | dict.fromkeys(MONTANTS, MONTANT)
        field_classes = dict.fromkeys(MONTANTS, MontantField)
        help_texts = {
            "appel_catalogue": "Ses dates de clôture sont rappelées avant l'échéance.",
            "appel": "Si l'appel n'est pas au catalogue : son nom ou l'année.",
            "pays": "En français, par exemple « Sénégal » ou « Burkina Faso ».",
            "montant_demande": "Laissez vide si inconnu (jamais 0 pour « inconnu »).",
            "montant_accorde": "Laissez vide tant que la décision n'est pas connue.",
        }

    def __init__(self, *args, reseau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(prerequis_seulement=False)
        appels = Appel.objects.select_related("instrument")
        if self.instance.pk:
            appels = appels.filter(instrument=self.instance.instrument)
        self.fields["appel_catalogue"].queryset = appels
        self.fields["appel_catalogue"].label_from_instance = appel_label
        self.fields["organisation"].queryset = Organisation.objects.for_reseau(reseau).order_by("nom")
        self.fields["suivi_par"].queryset = get_user_model().objects.filter(membre__reseau=reseau)
        if self.instance.pk:
            self.initial["membres"] = list(self.instance.membres.all())

    def clean(self):
        data = super().clean()
        appel, instrument = data.get("appel_catalogue"), data.get("instrument") or self.instance_instrument()
        if appel and instrument and appel.instrument_id != instrument.pk:
            self.add_error("appel_catalogue", f"Cet appel n'est pas un appel de {instrument.nom}.")
        return data

    def instance_instrument(self):
        return self.instance.instrument if self.instance.pk else None

    def clean_pays(self):
        pays = self.cleaned_data["pays"].strip()
        if pays and not code_pays(pays):
            raise forms.ValidationError(
                f"Pays « {pays} » non reconnu : écrivez son nom en français (par exemple « Côte d'Ivoire »)."
            )
        return pays


def appel_label(appel) -> str:
    """« FICOL (AFD) — Appel à idées 2024 (clôture le 13/09/2024) » ; an unknown date says so."""
    cloture = appel.cloture.strftime("%d/%m/%Y") if appel.cloture else "date inconnue"
    return f"{appel.instrument.nom} — {appel.nom} (clôture : {cloture})"


class PieceForm(forms.Form):
    fichier = forms.FileField(
        label="Document",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, PNG ou JPEG ; 10 Mo au plus.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Ce fichier est vide."},
    )
    piece = forms.ChoiceField(label="Il fournit", required=False)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        asked = list(instrument.pieces or [])
        self.fields["piece"].choices = [(p, p) for p in asked] + [("", "Une autre pièce")]


class MoveForm(forms.Form):
    etat = forms.ChoiceField(label="Nouvel état", choices=Etat.choices)
    motif = forms.CharField(label="Raison", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].error_messages["required"] = "Donnez la raison de ce changement d'état."


class AccompagnementForm(forms.ModelForm):
    class Meta:
        model = Accompagnement
        fields = ["date", "type", "heures", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["heures"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
