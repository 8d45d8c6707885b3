from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from passerelles.contacts.models import Contact

from .contacts_choix import collectivite_search_url, searched_when_long
from .models import Etape, FaitEngagement, Interaction, Preuve, Relance, TypeFait
from .pays import code_pays

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EtapeForm(forms.Form):
    etape = forms.ChoiceField(label="Étape", choices=Etape.choices)
    preuve = forms.ChoiceField(
        label="Sur quelle base",
        choices=[(value, label) for value, label in Preuve.choices if value not in ("", Preuve.AUTOMATIQUE)],
        initial=Preuve.DECLARATION,
        help_text="Seul un changement appuyé sur une pièce (échange, délibération, dossier, fait) "
        "compte comme progression observée.",
    )
    motif = forms.CharField(label="Pourquoi", max_length=300, required=False)


class FaitForm(forms.ModelForm):
    class Meta:
        model = FaitEngagement
        fields = [
            "type",
            "intitule",
            "partenaire",
            "pays",
            "annee_debut",
            "annee_fin",
            "source",
            "date_source",
        ]
        widgets = {"date_source": DATE}
        help_texts = {"pays": "En français, par exemple « Allemagne » ou « Burkina Faso »."}

    def clean_pays(self):
        pays = self.cleaned_data["pays"].strip()
        if pays and not code_pays(pays):
            raise forms.ValidationError(
                f"Pays « {pays} » non reconnu : écrivez son nom en français (par exemple « Côte d'Ivoire »)."
            )
        return pays


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["type", "date", "sujet", "contacts", "compte_rendu"]
        widgets = {
            "date": DATE,
            "compte_rendu": forms.Textarea(attrs={"rows": 3}),
            "contacts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, reseau, collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.for_reseau(reseau).filter(
            collectivite=collectivite, efface_le__isnull=True
        )
        url = collectivite_search_url(collectivite, "contacts", multiple=True)
        searched_when_long(self, "contacts", url=url, multiple=True)
        self.fields["date"].initial = timezone.localdate()


class RelanceForm(forms.ModelForm):
    class Meta:
        model = Relance
        fields = ["titre", "echeance", "responsable", "contact", "note"]
        widgets = {"echeance": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, reseau, collectivite, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = get_user_model().objects.filter(membre__reseau=reseau)
        self.fields["responsable"].initial = user
        self.fields["contact"].queryset = Contact.objects.for_reseau(reseau).filter(
            collectivite=collectivite, efface_le__isnull=True
        )
        url = collectivite_search_url(collectivite, "contact", multiple=False)
        searched_when_long(self, "contact", url=url, multiple=False)


class RelanceFaiteForm(forms.Form):
    note = forms.CharField(label="Note", max_length=500, required=False)


class RequeteForm(forms.Form):
    departement = forms.CharField(label="Département (code)", max_length=3, required=False)
    type_ = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("commune", "Communes"), ("epci", "EPCI"), ("departement", "Départements")],
    )
    avec = forms.ChoiceField(label="Avec", choices=[("", "—")] + TypeFait.choices, required=False)
    sans = forms.ChoiceField(label="Sans", choices=[("", "—")] + TypeFait.choices, required=False)
    etape = forms.ChoiceField(label="Étape", choices=[("", "Toutes")] + Etape.choices, required=False)
