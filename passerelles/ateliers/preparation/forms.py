"""Forms of the planning pages: the atelier, its framing, partners, budget and programme."""

import datetime

from django import forms

from passerelles.contacts.models import Contact, Role
from passerelles.core.saisie import MontantField
from passerelles.leviers.models import PointEntree, Segment
from passerelles.mobilisation.contacts_choix import searched_when_long
from passerelles.territoires.forms import CollectiviteField

from .models import Atelier, Intervention, LigneBudget, Objectif, Partenaire, Sequence

# The seed's half day, morning.
DEBUT_PAR_DEFAUT = datetime.time(9, 30)
FIN_PAR_DEFAUT = datetime.time(12, 30)

# The seed's three aims, offered on every new atelier and editable.
OBJECTIFS_DU_SEED = [
    {
        "intitule": "Inspirer",
        "description": "Des collectivités déjà engagées, de tailles différentes, racontent leur expérience.",
    },
    {
        "intitule": "Informer",
        "description": "Le cadre juridique de l'action extérieure des collectivités territoriales (AECT) "
        "et leur place dans l'action extérieure de la France.",
    },
    {
        "intitule": "Faire découvrir",
        "description": "Les outils et les financements qui aident à monter une action de coopération.",
    },
]

MAX_ID = 2**31 - 1


def _is_id(value) -> bool:
    text = str(value)
    return text.isdigit() and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """Refuses a value that cannot be an id before the database sees it (no overflow)."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AtelierForm(forms.ModelForm):
    lieu_collectivite = CollectiviteField(label="Commune du lieu", required=False)

    class Meta:
        model = Atelier
        fields = [
            "titre",
            "statut",
            "sur_agenda",
            "point_entree",
            "segments",
            "roles",
            "date",
            "heure_debut",
            "heure_fin",
            "lieu_collectivite",
            "lieu_nom",
            "lieu_adresse",
            "capacite",
            "offre_heures",
            "date_limite_inscription",
            "ressources",
            "notes",
        ]
        widgets = {
            "segments": forms.CheckboxSelectMultiple,
            "roles": forms.CheckboxSelectMultiple,
            "date": DATE,
            "date_limite_inscription": DATE,
            "heure_debut": HEURE,
            "heure_fin": HEURE,
            "ressources": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"point_entree": IdChoiceField, "segments": IdsChoiceField, "roles": IdsChoiceField}

    def __init__(self, *args, reseau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = Segment.objects.for_reseau(reseau)
        self.fields["roles"].queryset = Role.objects.all()
        self.fields["point_entree"].queryset = PointEntree.objects.all()
        self.fields["point_entree"].empty_label = "À choisir"
        if not self.instance.pk:
            self.initial.setdefault("heure_debut", DEBUT_PAR_DEFAUT)
            self.initial.setdefault("heure_fin", FIN_PAR_DEFAUT)

    def clean(self):
        data = super().clean()
        debut, fin = data.get("heure_debut"), data.get("heure_fin")
        if debut and fin and fin <= debut:
            self.add_error("heure_fin", "L'heure de fin doit suivre l'heure de début.")
        date, limite = data.get("date"), data.get("date_limite_inscription")
        if date and limite and limite > date:
            self.add_error("date_limite_inscription", "La date limite d'inscription doit précéder l'atelier.")
        return data


class PartenaireForm(forms.ModelForm):
    collectivite = CollectiviteField(label="Collectivité (si c'en est une)", required=False)

    class Meta:
        model = Partenaire
        fields = ["role", "nom", "collectivite", "contribution"]


class OrderedFormSet(forms.BaseInlineFormSet):
    """Rows keep the order in which they are shown."""

    def save(self, commit=True):
        instances = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        kept = [form.instance for form in self.ordered_rows()]
        for position, instance in enumerate(kept):
            instance.ordre = position
            instance.save()
        return instances

    def ordered_rows(self):
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]


class ObjectifForm(forms.ModelForm):
    TEXTS = ("intitule", "description")

    class Meta:
        model = Objectif
        fields = ["intitule", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def has_changed(self):
        """An aim offered pre-filled is wanted as long as its text is there. Only the texts
        count: the inline formset adds the atelier's id to `Meta.fields`, always filled in."""
        if self.instance.pk or not self.is_bound:
            return super().has_changed()
        return any(self.data.get(self.add_prefix(name), "").strip() for name in self.TEXTS)


# No atelier has more aims, partners, budget lines or speakers of a sequence than this; a
# posted form count above it (TOTAL_FORMS=10^20) builds no more forms than this either.
ROWS_MAX = 50
BOUNDED = {"max_num": ROWS_MAX, "absolute_max": ROWS_MAX, "validate_max": True}

ObjectifFormSet = forms.inlineformset_factory(
    Atelier, Objectif, form=ObjectifForm, formset=OrderedFormSet, extra=1, **BOUNDED
)
PartenaireFormSet = forms.inlineformset_factory(
    Atelier, Partenaire, form=PartenaireForm, formset=OrderedFormSet, extra=2, **BOUNDED
)
BudgetFormSet = forms.inlineformset_factory(
    Atelier,
    LigneBudget,
    formset=OrderedFormSet,
    fields=["nature", "libelle", "montant", "financeur"],
    field_classes={"montant": MontantField},
    widgets={"montant": forms.TextInput(attrs={"inputmode": "decimal"})},
    extra=2,
    **BOUNDED,
)


def objectif_formset(data=None, *, atelier: Atelier | None):
    """A new atelier starts from the seed's three aims; an existing one shows its own."""
    if atelier is not None:
        return ObjectifFormSet(data, instance=atelier, prefix="objectifs")
    formset_class = forms.inlineformset_factory(
        Atelier,
        Objectif,
        form=ObjectifForm,
        formset=OrderedFormSet,
        extra=len(OBJECTIFS_DU_SEED) + 1,
        **BOUNDED,
    )
    return formset_class(data, instance=Atelier(), prefix="objectifs", initial=OBJECTIFS_DU_SEED)


class SequenceForm(forms.ModelForm):
    class Meta:
        model = Sequence
        fields = ["type", "titre", "debut", "fin", "description"]
        widgets = {"debut": HEURE, "fin": HEURE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if debut and fin and fin <= debut:
            self.add_error("fin", "La fin de la séquence doit suivre son début.")
        return data


class InterventionForm(forms.ModelForm):
    collectivite = CollectiviteField(label="Collectivité qui témoigne", required=False)

    class Meta:
        model = Intervention
        fields = ["contact", "collectivite", "libelle", "sujet"]
        field_classes = {"contact": IdChoiceField}

    def __init__(self, *args, reseau, recherche_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.for_reseau(reseau)
            .filter(efface_le__isnull=True)
            .select_related("collectivite", "organisation")
        )
        self.fields["contact"].label_from_instance = contact_label
        self.fields["contact"].empty_label = "Aucun contact"
        # A réseau of thousands of contacts would put them all in each speaker's list.
        field = self.add_prefix("contact")
        searched_when_long(self, "contact", url=f"{recherche_url}?champ={field}", multiple=False)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not (
            data.get("contact") or data.get("collectivite") or data.get("libelle")
        ):
            raise forms.ValidationError("Choisissez un contact, une collectivité ou écrivez un nom.")
        return data


def contact_label(contact: Contact) -> str:
    where = contact.collectivite or contact.organisation
    return f"{contact.nom_complet} ({where})" if where else contact.nom_complet


InterventionFormSet = forms.inlineformset_factory(
    Sequence, Intervention, form=InterventionForm, formset=OrderedFormSet, extra=2, **BOUNDED
)


class DeplacementForm(forms.Form):
    """Move one sequence of the programme up or down."""

    deplacer = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    sens = forms.ChoiceField(choices=[("haut", "Monter"), ("bas", "Descendre")])


class SuppressionForm(forms.Form):
    supprimer = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class AideForm(forms.Form):
    """What the planning aid reads from the atelier form."""

    segments = IdsChoiceField(queryset=None, required=False)
    point_entree = IdChoiceField(queryset=PointEntree.objects.all(), required=False)
    roles = IdsChoiceField(queryset=Role.objects.all(), required=False)
    lieu_collectivite = CollectiviteField(required=False)  # the venue, to measure speakers from

    def __init__(self, *args, reseau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = Segment.objects.for_reseau(reseau)
