"""The bilan's year, the réseau's objectives for a year, and its coordination actions."""

from django import forms

from passerelles.core.saisie import MontantField

from .figures import CIBLES, Mission
from .models import ActionCoordination, Objectif
from .services import objectifs_save


class AnneeForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]

    def year(self, default: int) -> int:
        return self.cleaned_data["annee"] if self.is_bound and self.is_valid() else default


class ObjectifsForm(forms.Form):
    """One target per figure of the year; left empty, no objective is shown."""

    def __init__(self, *args, reseau, annee: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.reseau, self.annee = reseau, annee
        current = dict(
            Objectif.objects.for_reseau(reseau).filter(annee=annee).values_list("indicateur", "cible")
        )
        for figure in CIBLES:
            self.fields[figure.cle] = MontantField(
                label=figure.libelle,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=current.get(figure.cle),
                help_text="En euros : l'enveloppe prévue pour l'année." if figure.unite == "euros" else "",
                error_messages={"min_value": "Un objectif ne peut pas être négatif."},
            )

    def by_mission(self) -> list[tuple[str, list]]:
        return [
            (mission.label, [self[figure.cle] for figure in CIBLES if figure.mission == mission])
            for mission in Mission
        ]

    def save(self, auteur) -> None:
        objectifs_save(reseau=self.reseau, annee=self.annee, cibles=self.cleaned_data, auteur=auteur)


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionCoordination
        fields = ["annee", "titre", "nature", "partenaires", "participants", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "participants": {"min_value": "Un nombre de participants ne peut pas être négatif."}
        }
