from django import forms

from passerelles.territoires.forms import CollectiviteField

from .importation.colonnes import field_choices
from .models import Contact, Organisation

CONTACT_FIELDS = [
    "civilite",
    "prenom",
    "nom",
    "fonction",
    "role",
    "email",
    "telephone",
    "collectivite",
    "organisation",
    "notes",
    "base_legale",
    "consentement_mailing",
    "consentement_date",
    "consentement_source",
]


class ContactForm(forms.ModelForm):
    collectivite = CollectiviteField(label="Collectivité", required=False)

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "consentement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consentement_mailing": forms.NullBooleanSelect(),
        }

    def __init__(self, *args, reseau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_reseau(reseau)


class OrganisationForm(forms.ModelForm):
    collectivite = CollectiviteField(label="Collectivité de rattachement", required=False)
    site = forms.URLField(label="Site", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["nom", "type", "collectivite", "email", "telephone", "site", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactFilterForm(forms.Form):
    q = forms.CharField(label="Nom, courriel ou collectivité", required=False)
    role = forms.ModelChoiceField(label="Rôle", queryset=None, required=False, empty_label="Tous")
    departement = forms.CharField(label="Département (code)", required=False, max_length=3)
    envois = forms.ChoiceField(
        label="Envois",
        required=False,
        choices=[("", "Tous"), ("oui", "Peut recevoir des envois"), ("non", "Ne peut pas")],
    )
    tri = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[
            ("nom", "Nom"),
            ("collectivite", "Collectivité"),
            ("-derniere_interaction", "Interaction récente"),
        ],
    )

    def __init__(self, *args, **kwargs):
        from .models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.all()


class ImportUploadForm(forms.Form):
    fichier = forms.FileField(label="Tableur (CSV ou XLSX)")


class ImportMappingForm(forms.Form):
    """One select per column of the file: which contact field it fills."""

    def __init__(
        self, *args, headers: list[str], samples: list[list[str]], initial_mapping: dict[int, str], **kwargs
    ):
        super().__init__(*args, **kwargs)
        for index, header in enumerate(headers):
            examples = ", ".join(row[index] for row in samples if row[index])[:80]
            self.fields[f"colonne_{index}"] = forms.ChoiceField(
                label=header,
                choices=field_choices(),
                required=False,
                initial=initial_mapping.get(index, ""),
                help_text=f"ex. {examples}" if examples else "",
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in cleaned.values() if value]
        duplicates = {value for value in chosen if chosen.count(value) > 1}
        if duplicates:
            raise forms.ValidationError("Chaque champ ne peut être rempli que par une colonne.")
        if "nom" not in chosen:
            raise forms.ValidationError("Indiquez quelle colonne contient le nom.")
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("colonne_"): value for name, value in self.cleaned_data.items() if value}
