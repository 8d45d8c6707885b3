"""After the day: the satisfaction survey of an atelier, each participant's answers, and the
signs of change observed since."""

from django.conf import settings
from django.db import models

from passerelles.core.tenancy import ReseauOwned
from passerelles.mobilisation.models import Relance
from passerelles.territoires.models import Collectivite

from ..inscriptions.models import Inscription
from ..preparation.models import Atelier, new_token


def default_questions() -> list[dict]:
    """The seed's own doubts about its atelier, as questions the réseau can edit."""
    return [
        {
            "code": "satisfaction",
            "type": "note",
            "libelle": "Dans l'ensemble, l'atelier vous a-t-il été utile ?",
        },
        {
            "code": "trop_technique",
            "type": "oui_non",
            "libelle": "Certaines interventions étaient-elles trop techniques ?",
        },
        {
            "code": "trop_institutionnel",
            "type": "oui_non",
            "libelle": "Le cadre institutionnel de l'action extérieure a-t-il pris trop de place ?",
        },
        {
            "code": "points_entree",
            "type": "points_entree",
            "libelle": "Par quels sujets votre collectivité pourrait-elle commencer ?",
        },
        {
            "code": "rendez_vous",
            "type": "rendez_vous",
            "libelle": "Souhaitez-vous un rendez-vous avec le réseau ?",
        },
        {
            "code": "commentaire",
            "type": "texte",
            "libelle": "Un commentaire, une idée pour le prochain atelier ?",
        },
    ]


class Questionnaire(ReseauOwned):
    """The survey of one atelier: its questions (editable) and until when people may answer."""

    atelier = models.OneToOneField(Atelier, on_delete=models.CASCADE, related_name="questionnaire")
    questions = models.JSONField(default=default_questions)
    ferme_le = models.DateField("réponses possibles jusqu'au")
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Questionnaire : {self.atelier}"


# The answers the indicators count, in this order; `Reponse.valeurs_comptees` holds them.
VALEURS_COMPTEES = ("satisfaction", "trop_technique", "trop_institutionnel", "rendez_vous.souhaite")


class ValeursComptees(models.Func):
    """The answers the indicators count, as one JSON array (a key not answered is null): the
    database keeps it beside each answer, so that a dashboard groups identical answers without
    reading every answer's JSON again.

    Migration ateliers/0013_chiffres_des_reponses builds its column from this
    class as it is when it runs: changing what it writes would give new databases another
    column than existing ones. A different expression is a new class, with a migration that
    alters the column to it."""

    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra):
        paths = ", ".join(f"'$.{path}'" for path in VALEURS_COMPTEES)
        return self.as_sql(compiler, connection, template=f"json_extract(%(expressions)s, {paths})", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        # jsonb_build_array is not immutable, which a generated column must be: the array is
        # written out by hand, each value as jsonb writes it.
        values = " || ',' || ".join(
            "COALESCE((%(expressions)s #> '{" + path.replace(".", ",") + "}')::text, 'null')"
            for path in VALEURS_COMPTEES
        )
        return self.as_sql(compiler, connection, template=f"('[' || {values} || ']')", **extra)


class Reponse(ReseauOwned):
    """One participant's answers, reached through a personal link; editable until closing."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="reponses")
    inscription = models.OneToOneField(Inscription, on_delete=models.CASCADE, related_name="reponse")
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    valeurs = models.JSONField(default=dict, blank=True)
    valeurs_comptees = models.GeneratedField(
        expression=ValeursComptees("valeurs"), output_field=models.TextField(), db_persist=True
    )
    citation_autorisee = models.BooleanField(
        "accepte que son commentaire soit cité sans son nom", default=False
    )
    repondu_le = models.DateTimeField("répondu le", null=True, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réponse"
        # A dashboard's answers, grouped by what they say, from the index alone.
        indexes = [
            models.Index(fields=["questionnaire", "valeurs_comptees", "repondu_le"], name="reponse_comptees")
        ]

    def __str__(self) -> str:
        return f"Réponse de {self.inscription}"


class SigneChangement(ReseauOwned):
    """An observed sign of change after an atelier — a deliberation, a first budget line, a
    twinning revived — dated, sourced and attributed to the atelier (and to the follow-up
    that brought it, if any): the contribution evidence evaluators ask for."""

    atelier = models.ForeignKey(Atelier, on_delete=models.CASCADE, related_name="signes")
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("date du constat")
    constat = models.CharField(max_length=300, help_text="Ce qui a changé, en une phrase.")
    source = models.CharField(
        max_length=300, help_text="Où on le voit : délibération n°…, courriel du…, budget primitif…"
    )
    relance = models.ForeignKey(
        Relance,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="relance qui l'a permis",
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "signe de changement"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.constat
