from django import forms
from django.db.models import Q
from django.http import QueryDict

from passerelles.contacts.models import FamilleRole
from passerelles.mobilisation.models import Etape, TypeFait
from passerelles.territoires.models import Collectivite, Densite, TypeCollectivite
from passerelles.territoires.normalisation import normalise
from passerelles.territoires.selectors import POPULATION_BANDS, TYPE_FILTERS

from .models import Appel, Competence, Instrument, PointEntree

ANY = [("", "—")]


class SegmentForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", required=False, choices=[(k, label) for k, (label, _) in TYPE_FILTERS.items()]
    )
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.MultipleChoiceField(
        label="Départements",
        required=False,
        help_text="Un ou plusieurs (Ctrl ou Cmd pour en choisir plusieurs).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    epci = forms.CharField(label="EPCI (SIREN)", required=False, max_length=9)
    population = forms.ChoiceField(
        label="Population", required=False, choices=ANY + [(k, v[0]) for k, v in POPULATION_BANDS.items()]
    )
    ruralite = forms.ChoiceField(
        label="Ruralité (INSEE)",
        required=False,
        choices=ANY
        + [("rural", "Rurales (niveaux 5 à 7)"), ("urbain", "Urbaines (niveaux 1 à 4)")]
        + [(str(v), f"{v} – {label}") for v, label in Densite.choices],
    )
    etape = forms.ChoiceField(
        label="Étape",
        required=False,
        choices=ANY
        + [("non_engagees", "Pas encore engagées"), ("engagees", "Engagées ou déjà engagées")]
        + Etape.choices,
    )
    avec = forms.ChoiceField(label="Avec", required=False, choices=ANY + TypeFait.choices)
    sans = forms.ChoiceField(label="Sans", required=False, choices=ANY + TypeFait.choices)
    competence = forms.ChoiceField(
        label="Détient la compétence", required=False, choices=ANY + Competence.choices
    )
    roles = forms.ChoiceField(label="Contact connu parmi", required=False, choices=ANY + FamilleRole.choices)
    centre = forms.CharField(
        label="À proximité de", required=False, max_length=200, help_text="Nom ou code d'une collectivité"
    )
    rayon_km = forms.IntegerField(label="Rayon (km)", required=False, min_value=1, max_value=1000)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_as_querydict(data), *args, **kwargs)
        self.fields["region"].choices = ANY + _named("region")
        self.fields["departement"].choices = _named("departement", with_code=True)

    def clean_departement(self) -> str:
        return " ".join(self.cleaned_data["departement"])


def _named(type_: str, *, with_code: bool = False) -> list[tuple[str, str]]:
    # The circonscriptions a collectivité with a statute of its own carries (Corse, Bas-Rhin…)
    # still hold communes: they stay choosable, and the segment counts that collectivité once.
    rows = Collectivite.objects.filter(
        Q(actif=True) | Q(successeur__type=TypeCollectivite.STATUT_PARTICULIER), type=type_
    ).values_list("code", "nom")
    choices = [(code, f"{nom} ({code})" if with_code else nom) for code, nom in rows]
    return sorted(
        choices, key=lambda choice: (len(choice[0]) > 2, choice[0]) if with_code else normalise(choice[1])
    )


def _as_querydict(data):
    """Saved filters keep départements as "18 36"; the form reads them as a list."""
    if data is None or isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if key == "departement":
            query.setlist(key, str(value).replace(",", " ").split())
        else:
            query[key] = value
    return query


class SegmentSaveForm(forms.Form):
    nom = forms.CharField(label="Nom du segment", max_length=200)


class SourcesField(forms.CharField):
    """One source a line: « adresse | titre | ce qu'elle appuie » (the address may be empty)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " | ".join((s.get("url", ""), s.get("titre", ""), s.get("appuie", ""))) for s in value
            )
        return value

    def to_python(self, value):
        sources = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            url, titre, appuie = (parts + ["", "", ""])[:3]
            if url and not url.startswith(("http://", "https://")):
                raise forms.ValidationError(
                    f"Ligne {number} : l'adresse doit commencer par https:// (ou laissez-la vide)."
                )
            if not titre:
                raise forms.ValidationError(f"Ligne {number} : donnez un titre à la source.")
            sources.append({"url": url, "titre": titre, "appuie": appuie})
        return sources


SOURCES_HELP = "Une source par ligne : adresse | titre | ce qu'elle appuie."


class InstrumentForm(forms.ModelForm):
    sources = SourcesField(label="Sources", required=False, help_text=SOURCES_HELP)

    class Meta:
        model = Instrument
        fields = [
            "nom",
            "porteur",
            "qui_depose",
            "beneficiaires",
            "conditions",
            "cofinancement",
            "montant_min",
            "montant_max",
            "montants_pour",
            "calendrier",
            "sources",
            "verifie_le",
        ]
        widgets = {
            "beneficiaires": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "calendrier": forms.Textarea(attrs={"rows": 2}),
            "verifie_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PointEntreeForm(forms.ModelForm):
    sources = SourcesField(label="Sources", required=False, help_text=SOURCES_HELP)

    class Meta:
        model = PointEntree
        fields = ["nom", "interet_local", "services", "instruments", "sources", "verifie_le"]
        widgets = {
            "interet_local": forms.Textarea(attrs={"rows": 3}),
            "instruments": forms.CheckboxSelectMultiple,
            "verifie_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class DetenteurForm(forms.Form):
    competence = forms.ChoiceField(label="Compétence", choices=Competence.choices)
    qui = forms.ChoiceField(
        label="Qui la détient",
        choices=[
            ("elle", "La collectivité elle-même"),
            ("epci", "Son EPCI"),
            ("autre", "Un autre organisme (syndicat…)"),
        ],
    )
    autre = forms.CharField(label="Nom de l'organisme", max_length=200, required=False)
    source = forms.CharField(label="Source", max_length=300, help_text="Délibération, statuts, BANATIC…")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("qui") == "autre" and not cleaned.get("autre"):
            self.add_error("autre", "Indiquez le nom de l'organisme.")
        return cleaned


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppelForm(forms.ModelForm):
    source_url = forms.URLField(
        label="Source (adresse)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="La page qui donne ces dates.",
        error_messages={"invalid": "Saisissez une adresse web complète (https://…)."},
    )

    class Meta:
        model = Appel
        fields = ["nom", "nature", "ouverture", "cloture", "note", "source_url", "source_titre"]
        widgets = {"ouverture": DATE, "cloture": DATE}
        help_texts = {
            "ouverture": "Laissez vide si la source ne la donne pas : la page dira « date inconnue ».",
            "cloture": "Laissez vide si la source ne la donne pas.",
        }

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instrument = instrument

    def clean(self):
        data = super().clean()
        if (data.get("ouverture") or data.get("cloture")) and not data.get("source_url"):
            self.add_error("source_url", "Une date se donne avec sa source.")
        return data
