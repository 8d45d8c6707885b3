"""The satisfaction survey: its questions, the form a participant fills in by a personal link,
and its sending to those who came, through the outbox."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.francais import date_longue, guillemets
from passerelles.core.travaux import report_progress, travail_task
from passerelles.courriels import services as courriels
from passerelles.courriels.services import queue_message
from passerelles.leviers.models import PointEntree

from .models import Questionnaire, Reponse

JOURS_POUR_REPONDRE = 30
TYPES_QUESTIONS = {
    "note": "Note de 1 à 5",
    "oui_non": "Oui ou non",
    "texte": "Réponse libre",
}
QUAND_RENDEZ_VOUS = [
    ("dans le mois", "Dans le mois"),
    ("d'ici trois mois", "D'ici trois mois"),
    ("plus tard dans l'année", "Plus tard dans l'année"),
]
NOTES = [(str(n), str(n)) for n in range(1, 6)]
ECHELLE = "De 1 (pas du tout) à 5 (tout à fait)."
OUI_NON = [("oui", "Oui"), ("non", "Non")]
LONGUEUR_TEXTE = 2000


def questionnaire_for(atelier: Atelier) -> Questionnaire:
    questionnaire, _ = Questionnaire.objects.get_or_create(
        atelier=atelier,
        defaults={
            "reseau": atelier.reseau,
            "ferme_le": atelier.date + datetime.timedelta(days=JOURS_POUR_REPONDRE),
        },
    )
    return questionnaire


def is_open(questionnaire: Questionnaire, today=None) -> bool:
    return (today or timezone.localdate()) <= questionnaire.ferme_le


class ReponseForm(forms.Form):
    """Built from the atelier's questions; every field is optional: a partial answer counts."""

    site_web = forms.CharField(required=False, label="Ne pas remplir ce champ")  # honeypot

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self._add(question)

    def _add(self, question: dict) -> None:
        code, label, kind = question["code"], question["libelle"], question["type"]
        radio = forms.RadioSelect
        if kind == "note":
            self.fields[code] = forms.ChoiceField(
                label=label, choices=NOTES, required=False, widget=radio, help_text=ECHELLE
            )
        elif kind == "oui_non":
            self.fields[code] = forms.ChoiceField(label=label, choices=OUI_NON, required=False, widget=radio)
        elif kind == "points_entree":
            choices = list(PointEntree.objects.values_list("code", "nom"))
            if not choices:
                return  # an empty catalogue makes a question nobody can answer
            self.fields[code] = forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        elif kind == "rendez_vous":
            self.fields[code] = forms.ChoiceField(label=label, choices=OUI_NON, required=False, widget=radio)
            self.fields[f"{code}_quand"] = forms.ChoiceField(
                label="Plutôt quand ?", choices=[("", "—"), *QUAND_RENDEZ_VOUS], required=False
            )
        else:
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=LONGUEUR_TEXTE,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if kind == "texte" and "citation" not in self.fields:
            self.fields["citation"] = forms.BooleanField(
                label="J'accepte que mon commentaire soit cité, sans mon nom, dans les documents du réseau.",
                required=False,
            )

    def clean_site_web(self):
        if self.cleaned_data["site_web"]:
            raise ValidationError("Réponse refusée.")
        return ""

    def valeurs(self) -> dict:
        data, values = self.cleaned_data, {}
        for question in self.questions:
            code, kind = question["code"], question["type"]
            answer = data.get(code)
            if kind == "note":
                values[code] = int(answer) if answer else None
            elif kind in ("oui_non", "rendez_vous"):
                given = {"oui": True, "non": False}.get(answer)
                values[code] = (
                    {"souhaite": given, "quand": data.get(f"{code}_quand") or ""}
                    if kind == "rendez_vous"
                    else given
                )
            elif kind == "points_entree":
                values[code] = list(answer or [])
            else:
                values[code] = (answer or "").strip()
        return values

    @classmethod
    def initial_from(cls, valeurs: dict, questions: list[dict], citation: bool) -> dict:
        initial = {"citation": citation}
        for question in questions:
            code, kind, value = question["code"], question["type"], valeurs.get(question["code"])
            if kind == "note" and value:
                initial[code] = str(value)
            elif kind == "oui_non" and isinstance(value, bool):
                initial[code] = "oui" if value else "non"
            elif kind == "rendez_vous" and isinstance(value, dict):
                souhaite = value.get("souhaite")
                initial[code] = "" if souhaite is None else ("oui" if souhaite else "non")
                initial[f"{code}_quand"] = value.get("quand", "")
            elif value:
                initial[code] = value
        return initial


class EnqueteClose(Exception):
    pass


@transaction.atomic
def reponse_save(reponse: Reponse, form: ReponseForm, today=None) -> Reponse:
    """Saves an answer (again, until closing) and creates the follow-up it asks for."""
    reponse = Reponse.objects.select_for_update().get(pk=reponse.pk)
    if not is_open(reponse.questionnaire, today):
        raise EnqueteClose
    reponse.valeurs = form.valeurs()
    reponse.citation_autorisee = bool(form.cleaned_data.get("citation"))
    reponse.repondu_le = reponse.repondu_le or timezone.now()
    reponse.save()
    _follow(reponse)
    return reponse


def _follow(reponse: Reponse) -> None:
    from .relances import SuiviImpossible, follow_answer, responsable_of

    try:
        responsable = responsable_of(reponse.questionnaire.atelier)
    except SuiviImpossible:
        return  # the atelier's follow-up will pick the answer up once someone is in charge
    follow_answer(reponse, responsable=responsable)


# --- Staff: editing the questions ---


class QuestionnaireForm(forms.Form):
    ferme_le = forms.DateField(
        label="Réponses possibles jusqu'au",
        # A date input reads and writes ISO dates only: a French « 13/06/2025 » shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nouvelle_question = forms.CharField(label="Ajouter une question", required=False, max_length=300)
    nouvelle_type = forms.ChoiceField(
        label="Type de réponse", choices=list(TYPES_QUESTIONS.items()), required=False
    )

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.initial.setdefault("ferme_le", questionnaire.ferme_le)
        for index, question in enumerate(questionnaire.questions):
            self.fields[f"libelle_{index}"] = forms.CharField(
                label=f"Question {index + 1}", max_length=300, initial=question["libelle"]
            )
            self.fields[f"garder_{index}"] = forms.BooleanField(label="Garder", required=False, initial=True)

    def questions(self) -> list[dict]:
        kept = []
        for index, question in enumerate(self.questionnaire.questions):
            if self.cleaned_data.get(f"garder_{index}"):
                kept.append({**question, "libelle": self.cleaned_data[f"libelle_{index}"].strip()})
        added = (self.cleaned_data.get("nouvelle_question") or "").strip()
        if added:
            number = 1 + sum(1 for q in self.questionnaire.questions if q["code"].startswith("libre_"))
            kept.append(
                {
                    "code": f"libre_{number}",
                    "type": self.cleaned_data.get("nouvelle_type") or "texte",
                    "libelle": added,
                }
            )
        return kept


def questionnaire_update(questionnaire: Questionnaire, form: QuestionnaireForm) -> Questionnaire:
    questionnaire.questions = form.questions()
    questionnaire.ferme_le = form.cleaned_data["ferme_le"]
    questionnaire.save(update_fields=["questions", "ferme_le"])
    return questionnaire


# --- Sending to those who came ---


def invite_text(atelier: Atelier, questionnaire: Questionnaire, lien: str, inscription: Inscription) -> tuple:
    sujet = f"Votre avis sur l'atelier {guillemets(atelier.titre)}"
    corps = (
        f"Bonjour {inscription.nom_complet},\n\n"
        f"Merci d'être venu·e à l'atelier {guillemets(atelier.titre)} du {date_longue(atelier.date)}.\n"
        "Quelques questions, deux minutes : vos réponses décident du prochain atelier et de la suite "
        "que le réseau donne à votre venue.\n\n"
        f"{lien}\n\n"
        f"Vous pouvez répondre ou modifier votre réponse jusqu'au {date_longue(questionnaire.ferme_le)}.\n\n"
        f"{atelier.reseau.nom}"
    )
    return sujet, corps


def enquete_send(atelier: Atelier, *, base_url: str, travail=None) -> int:
    """Queues one survey email per person present with an address; idempotent on the key
    `enquete:<inscription>`. Returns the number of messages newly queued."""
    questionnaire = questionnaire_for(atelier)
    present = list(
        Inscription.objects.filter(atelier=atelier, present=True).exclude(email="").select_related("contact")
    )
    queued = 0
    for done, inscription in enumerate(present, 1):
        with transaction.atomic():
            reponse, _ = Reponse.objects.get_or_create(
                inscription=inscription, defaults={"reseau": atelier.reseau, "questionnaire": questionnaire}
            )
            lien = base_url.rstrip("/") + reverse("ateliers:enquete", kwargs={"jeton": reponse.jeton})
            sujet, corps = invite_text(atelier, questionnaire, lien, inscription)
            _, created = queue_message(
                reseau=atelier.reseau,
                objet=atelier,
                cle=f"enquete:{inscription.pk}",
                nature=NatureMessage.ENQUETE,
                destinataire=inscription.email,
                contact=inscription.contact,
                sujet=sujet,
                corps=corps,
            )
            queued += created
        if travail is not None:
            report_progress(travail, done, len(present), etape="Questionnaires mis en file d'envoi")
    Questionnaire.objects.filter(pk=questionnaire.pk, envoye_le=None).update(envoye_le=timezone.now())
    courriels.kick()
    return queued


@travail_task
def enquete_envoi(travail, *, atelier_id: int, base_url: str):
    atelier = Atelier.objects.get(pk=atelier_id, reseau=travail.reseau)
    return {"envoyes": enquete_send(atelier, base_url=base_url, travail=travail)}


def verbatims(atelier: Atelier) -> list[dict]:
    """Comments that their authors allowed the réseau to quote, for the fiche."""
    found = []
    answers = Reponse.objects.filter(
        inscription__atelier=atelier, repondu_le__isnull=False, citation_autorisee=True
    ).select_related("inscription__role", "inscription__collectivite")
    codes = {q["code"] for q in questionnaire_for(atelier).questions if q["type"] == "texte"}
    for reponse in answers.order_by("pk"):
        for code in sorted(codes):
            texte = (reponse.valeurs.get(code) or "").strip()
            if texte:
                found.append(
                    {
                        "id": f"{reponse.pk}-{code}",
                        "texte": texte,
                        "auteur": _anonymous_author(reponse.inscription),
                    }
                )
    return found


def _anonymous_author(inscription: Inscription) -> str:
    """Role and kind of collectivité, not its name: « sans mon nom » must not mean « the
    mayor of this village »."""
    from .indicateurs import LIBELLES_TAILLE, taille

    role = inscription.role.libelle if inscription.role else "Participant·e"
    collectivite = inscription.collectivite
    if collectivite is None:
        return role
    size = LIBELLES_TAILLE[taille(collectivite.population_municipale)]
    return f"{role}, {collectivite.get_type_display().lower()} ({size.lower()})"
