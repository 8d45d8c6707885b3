from django import forms
from django.urls import reverse_lazy

from passerelles.contacts.models import Civilite, Role
from passerelles.core.saisie import SingleLineFormFields
from passerelles.territoires.forms import CollectiviteField

from .models import Qualite
from .passation import Collegue
from .services import Personne

# The public form suggests collectivités as the name is typed (htmx, see public.py).
_SUGGESTIONS = {
    "autocomplete": "off",
    "list": "suggestions-collectivite",
    "hx-get": reverse_lazy("ateliers:collectivites_suggestions"),
    "hx-trigger": "input changed delay:300ms",
    "hx-target": "#suggestions-collectivite",
    "hx-swap": "outerHTML",
}

CIVILITES = [(Civilite.MADAME, "Madame"), (Civilite.MONSIEUR, "Monsieur"), ("", "Ne pas préciser")]


class _PersonneForm(SingleLineFormFields, forms.Form):
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    role = forms.ModelChoiceField(
        label="Vous êtes", queryset=Role.objects.all(), required=False, empty_label="— Choisir —"
    )
    collectivite = CollectiviteField(
        label="Collectivité",
        required=False,
        help_text="Commune, intercommunalité, département ou région.",
    )
    structure = forms.CharField(
        label="Ou votre structure",
        max_length=200,
        required=False,
        help_text="Association de jumelage, autre association, organisme…",
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("collectivite") and not data.get("structure", "").strip():
            raise forms.ValidationError("Indiquez votre collectivité ou, à défaut, votre structure.")
        return data

    def personne(self) -> Personne:
        known = Personne.__dataclass_fields__
        return Personne(**{name: value for name, value in self.cleaned_data.items() if name in known})


class InscriptionForm(_PersonneForm):
    """The public registration form. `site_web` is a honeypot: hidden to people by the
    stylesheet, filled in by robots that complete every field."""

    civilite = forms.ChoiceField(
        label="Civilité", choices=CIVILITES, required=False, widget=forms.RadioSelect, initial=""
    )
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    besoins = forms.CharField(
        label="Besoins particuliers",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Accessibilité, régime alimentaire… (facultatif)",
    )
    consentement = forms.BooleanField(
        label="J'accepte que le réseau me recontacte au sujet de ses actions et de ses prochains ateliers.",
        required=False,
    )
    site_web = forms.CharField(
        label="Ne pas remplir ce champ",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = [
        "civilite",
        "prenom",
        "nom",
        "role",
        "collectivite",
        "structure",
        "email",
        "besoins",
        "consentement",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registration records which collectivité was named; the worker reads the rest.
        collectivite = self.fields["collectivite"]
        collectivite.complete = False
        # Lazy: worked out only when the form is shown, never for a POST that redirects.
        collectivite.widget.attrs.update(_SUGGESTIONS)
        autocomplete = {
            "prenom": "given-name",
            "nom": "family-name",
            "email": "email",
            "structure": "organization",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    @property
    def robot(self) -> bool:
        return bool(self.data.get("site_web"))


class SurPlaceForm(_PersonneForm):
    """A walk-in at the door: as little as possible to type."""

    email = forms.EmailField(label="Adresse électronique", max_length=254, required=False)
    qualite = forms.ChoiceField(
        label="Vient comme", choices=Qualite.choices, initial=Qualite.PARTICIPANT, required=False
    )


class QualiteForm(forms.Form):
    qualite = forms.ChoiceField(label="Qualité", choices=Qualite.choices)


class CapaciteForm(forms.Form):
    capacite = forms.IntegerField(
        label="Capacité", min_value=1, max_value=100_000, required=False, help_text="Vide : sans limite."
    )


class AnnulationAtelierForm(forms.Form):
    motif = forms.CharField(
        label="Message aux inscrits (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : la raison de l'annulation, une date de report envisagée.",
    )
    confirmation = forms.BooleanField(
        label="Je confirme l'annulation de l'atelier et l'envoi d'un courriel à chaque inscrit."
    )


class PassationForm(SingleLineFormFields, forms.Form):
    """Whom a registrant passes their seat to: a colleague of the same collectivité."""

    civilite = forms.ChoiceField(
        label="Civilité", choices=CIVILITES, required=False, widget=forms.RadioSelect, initial=""
    )
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    role = forms.ModelChoiceField(
        label="Fonction", queryset=Role.objects.all(), required=False, empty_label="— Choisir —"
    )
    email = forms.EmailField(label="Son adresse électronique", max_length=254)

    field_order = ["civilite", "prenom", "nom", "role", "email"]

    def collegue(self) -> Collegue:
        return Collegue(**self.cleaned_data)


class PassationConfirmationForm(forms.Form):
    """What the colleague says for themselves: nothing of the first person is copied."""

    besoins = InscriptionForm.base_fields["besoins"]
    consentement = InscriptionForm.base_fields["consentement"]
