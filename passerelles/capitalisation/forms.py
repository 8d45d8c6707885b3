from django import forms

from passerelles.contacts.models import FamilleRole
from passerelles.leviers.models import Instrument, PointEntree

from .models import Fiche
from .sections import SECTIONS, TEXT_SECTIONS

TYPES = [("commune", "Communes"), ("epci", "EPCI"), ("departement", "Départements"), ("region", "Régions")]
TAILLES = [
    ("petite", "Petites (moins de 2 000 hab.)"),
    ("moyenne", "Moyennes"),
    ("grande", "Grandes (50 000 hab. et plus)"),
]
RURALITE = [("rural", "Rurales"), ("urbain", "Urbaines")]


class FicheForm(forms.ModelForm):
    verbatims_texte = forms.CharField(
        label="Verbatims",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une citation par ligne, suivie de « — » et de qui l'a dite.",
    )
    points_entree = forms.MultipleChoiceField(
        label="Angles d'approche", required=False, widget=forms.CheckboxSelectMultiple
    )
    instruments = forms.MultipleChoiceField(
        label="Financements", required=False, widget=forms.CheckboxSelectMultiple
    )
    types_collectivites = forms.MultipleChoiceField(
        label="Types ciblés", choices=TYPES, required=False, widget=forms.CheckboxSelectMultiple
    )
    tailles = forms.MultipleChoiceField(
        label="Tailles ciblées", choices=TAILLES, required=False, widget=forms.CheckboxSelectMultiple
    )
    ruralite = forms.MultipleChoiceField(
        label="Ruralité", choices=RURALITE, required=False, widget=forms.CheckboxSelectMultiple
    )
    publics = forms.MultipleChoiceField(
        label="Publics", choices=FamilleRole.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Fiche
        fields = [
            *TEXT_SECTIONS,
            "points_entree",
            "instruments",
            "types_collectivites",
            "tailles",
            "ruralite",
            "publics",
            "territoire",
            "annee",
            "publiee",
        ]
        widgets = {key: forms.Textarea(attrs={"rows": 4}) for key in TEXT_SECTIONS if key != "titre"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points_entree"].choices = list(PointEntree.objects.values_list("code", "nom"))
        self.fields["instruments"].choices = list(Instrument.objects.values_list("code", "nom"))
        if self.instance.pk and not self.is_bound:
            self.fields["verbatims_texte"].initial = "\n".join(
                f"{v['texte']} — {v.get('auteur', '')}" for v in self.instance.verbatims
            )

    def content(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "verbatims_texte"}
        data["verbatims"] = [
            {"texte": texte.strip(), "auteur": auteur.strip()}
            for line in self.cleaned_data["verbatims_texte"].splitlines()
            if line.strip()
            for texte, _, auteur in [line.rpartition(" — ") if " — " in line else (line, "", "")]
        ]
        return data


class ImportFicheForm(forms.Form):
    texte = forms.CharField(
        label="Texte de la fiche", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    fichier = forms.FileField(label="ou un fichier (.txt, .pdf avec couche texte)", required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("texte") and not cleaned.get("fichier"):
            raise forms.ValidationError("Collez le texte de la fiche ou choisissez un fichier.")
        return cleaned


def section_choices():
    return [(key, title) for key, (title, _) in SECTIONS.items() if key != "verbatims"]
