"""Every model of the ateliers app, gathered from its rooms so that Django registers them
under the one app label « ateliers » (tables and migrations stay the app's)."""

from .inscriptions.models import (
    ActionPointage,
    EtatInscription,
    Inscription,
    Passation,
    Qualite,
    SourceInscription,
)
from .invitations.models import Invitation
from .preparation.models import (
    Atelier,
    Intervention,
    LigneBudget,
    NatureBudget,
    Objectif,
    Partenaire,
    RolePartenaire,
    Sequence,
    StatutAtelier,
    TypeSequence,
    new_token,
)
from .suivi.models import Questionnaire, Reponse, SigneChangement, default_questions

__all__ = [
    "Atelier",
    "Intervention",
    "LigneBudget",
    "NatureBudget",
    "Objectif",
    "Partenaire",
    "RolePartenaire",
    "Sequence",
    "StatutAtelier",
    "TypeSequence",
    "new_token",
    "Invitation",
    "ActionPointage",
    "EtatInscription",
    "Inscription",
    "Passation",
    "SourceInscription",
    "Qualite",
    "Questionnaire",
    "Reponse",
    "SigneChangement",
    "default_questions",
]
