"""Filters of the cross-atelier dashboard; signs of change."""

import datetime

from django import forms

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.leviers.models import PointEntree
from passerelles.mobilisation.models import Relance
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .indicateurs import ORIGINE_PREFIX
from .models import SigneChangement


class FiltresForm(forms.Form):
    debut = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    fin = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    point_entree = forms.ChoiceField(label="Point d'entrée", required=False)
    departement = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args, reseau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_entree"].choices = [("", "Tous"), *PointEntree.objects.values_list("code", "nom")]
        departements = Collectivite.objects.filter(type=TypeCollectivite.DEPARTEMENT, region=reseau.region)
        self.fields["departement"].choices = [
            ("", "Tous"),
            *((d.code, f"{d.nom} ({d.code})") for d in departements.order_by("code")),
        ]

    def clean(self):
        data = super().clean()
        if data.get("debut") and data.get("fin") and data["debut"] > data["fin"]:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        return data

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value}

    def description(self) -> str:
        data, parts = self.cleaned_data, []
        if data.get("debut"):
            parts.append(f"du {_date(data['debut'])}")
        if data.get("fin"):
            parts.append(f"au {_date(data['fin'])}")
        for name in ("point_entree", "departement"):
            if data.get(name):
                parts.append(dict(self.fields[name].choices)[data[name]])
        return ", ".join(parts)


def _date(day: datetime.date) -> str:
    from passerelles.core.francais import date_longue

    return date_longue(day)


class SigneForm(forms.ModelForm):
    """A sign of change, about one of the collectivités the atelier reached (or none), maybe
    brought by one of its relances."""

    class Meta:
        model = SigneChangement
        fields = ["collectivite", "date", "constat", "source", "relance"]
        labels = {"collectivite": "Collectivité concernée"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, atelier, **kwargs):
        super().__init__(*args, **kwargs)
        reached = Inscription.objects.filter(atelier=atelier, present=True).values("collectivite_id")
        self.fields["collectivite"].queryset = Collectivite.objects.filter(id__in=reached).order_by("nom")
        self.fields["collectivite"].empty_label = "— aucune en particulier —"
        self.fields["relance"].queryset = Relance.objects.for_reseau(atelier.reseau).filter(
            origine__startswith=ORIGINE_PREFIX.format(pk=atelier.pk)
        )
        self.fields["relance"].empty_label = "— aucune —"
        self.atelier = atelier

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.atelier.date:
            raise forms.ValidationError("Un signe de changement se constate après l'atelier, pas avant.")
        return day
