from django import forms

from passerelles.ateliers.preparation.models import Atelier

from .rappels import TEXTES
from .textes import OBJET_INVITATION, PLACEHOLDERS, TEXTE_INVITATION, unknown_placeholders


def _check_placeholders(text: str) -> str:
    unknown = unknown_placeholders(text)
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        names = ", ".join(f"{{{name}}}" for name in unknown)
        raise forms.ValidationError(f"Champ inconnu : {names}. Champs possibles : {known}.")
    return text


class TextesInvitationForm(forms.ModelForm):
    class Meta:
        model = Atelier
        fields = ["objet_invitation", "texte_invitation"]
        widgets = {"texte_invitation": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["objet_invitation"] = self.instance.objet_invitation or OBJET_INVITATION
        self.initial["texte_invitation"] = self.instance.texte_invitation or TEXTE_INVITATION
        self.fields["texte_invitation"].help_text = "Champs remplacés à l'envoi : " + ", ".join(
            f"{{{name}}} ({label})" for name, label in PLACEHOLDERS.items()
        )

    def clean_objet_invitation(self):
        return _check_placeholders(self.cleaned_data["objet_invitation"])

    def clean_texte_invitation(self):
        return _check_placeholders(self.cleaned_data["texte_invitation"])


class JoursForm(forms.Form):
    jours = forms.CharField(
        label="Rappels (jours avant l'atelier)",
        max_length=60,
        help_text="Par exemple : 7, 1 — envoyés à 9 h ces jours-là.",
    )

    def clean_jours(self):
        parts = self.cleaned_data["jours"].replace(";", ",").replace(" ", ",").split(",")
        try:
            days = sorted({int(part) for part in parts if part.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError("Indiquez des nombres de jours séparés par des virgules.") from None
        if not days or any(day < 0 or day > 90 for day in days):
            raise forms.ValidationError("Chaque rappel se situe entre 0 et 90 jours avant l'atelier.")
        return days


class ChoixForm(forms.Form):
    """Whom a reminder goes to among the invitees who have not answered."""

    MODES = [
        ("tous", "Tous les invités sans réponse"),
        ("collectivite", "Ceux d'une collectivité"),
        ("role", "Ceux d'un rôle"),
        ("choix", "Ceux que je coche ci-dessous"),
    ]
    mode = forms.ChoiceField(label="Destinataires", choices=MODES, initial="tous", widget=forms.RadioSelect)
    collectivite = forms.TypedChoiceField(label="Collectivité", coerce=int, required=False, empty_value=None)
    role = forms.TypedChoiceField(label="Rôle", coerce=int, required=False, empty_value=None)
    invitations = forms.TypedMultipleChoiceField(
        label="Invités", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, invites, **kwargs):
        super().__init__(*args, **kwargs)
        collectivites = {i.collectivite_id: i.collectivite.nom for i in invites if i.collectivite_id}
        roles = {i.contact.role_id: str(i.contact.role) for i in invites if i.contact and i.contact.role_id}
        self.fields["collectivite"].choices = [("", "—"), *sorted(collectivites.items(), key=lambda c: c[1])]
        self.fields["role"].choices = [("", "—"), *sorted(roles.items(), key=lambda r: r[1])]
        self.fields["invitations"].choices = [(i.pk, _label(i)) for i in invites]

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        needed = {"collectivite": "une collectivité", "role": "un rôle", "choix": "au moins un invité"}
        key = "invitations" if mode == "choix" else mode
        if mode in needed and not data.get(key):
            raise forms.ValidationError(f"Choisissez {needed[mode]}.")
        return data

    def choix(self) -> dict:
        mode, data = self.cleaned_data["mode"], self.cleaned_data
        key = "invitations" if mode == "choix" else mode
        return {key: data[key]} if mode != "tous" else {}


def _label(invitation) -> str:
    who = invitation.contact.nom_complet if invitation.contact else "Mairie"
    where = f" ({invitation.collectivite.nom})" if invitation.collectivite_id else ""
    return f"{who}{where} — {invitation.email}"


class MessageForm(forms.Form):
    sujet = forms.CharField(label="Objet", max_length=200)
    corps = forms.CharField(label="Texte", widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, nature: str, **kwargs):
        super().__init__(*args, **kwargs)
        sujet, corps = TEXTES[nature]
        self.fields["sujet"].initial, self.fields["corps"].initial = sujet, corps
        self.nature = nature

    def clean_sujet(self):
        return _check_placeholders(self.cleaned_data["sujet"])

    def clean_corps(self):
        return _check_placeholders(self.cleaned_data["corps"])
