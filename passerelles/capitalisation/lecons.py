"""Lessons from past fiches for the next atelier: leviers, limites and enseignements that
match an entry point, the collectivités targeted and the publics, best first."""

import re
from dataclasses import dataclass

from .models import Fiche
from .recherche import stems, visible_fiches
from .sections import LESSON_SECTIONS, SECTIONS

# Weights of a match, by what matches: tags set on the fiche, then words of the lesson.
POIDS_TAG = {"points_entree": 3, "types_collectivites": 2, "tailles": 2, "ruralite": 2, "publics": 1}
POIDS_MOT_ANGLE = 3  # a lesson that names the entry point itself says the most about it
POIDS_MOT_CONTEXTE = 1
RURAL_WORDS = "rural rurale rurales petites communes"
# Lessons about choosing an entry point speak to any choice of entry point.
ANGLE_WORDS = "entrée angle approche"
# The fiche's principal lessons first, then its limits, then its levers.
POIDS_SECTION = {"enseignements": 2, "limites": 1, "leviers": 0}
SIZE_WORDS = {
    "petite": "petites collectivités petites communes",
    "moyenne": "villes moyennes",
    "grande": "grandes villes métropoles",
}


@dataclass
class Lecon:
    texte: str
    section: str
    titre_section: str
    fiche: Fiche
    score: int


def lessons_for(
    *,
    reseau,
    point_entree=None,
    type_collectivite: str = "",
    taille: str = "",
    ruralite: str = "",
    publics: list[str] = (),
    limit: int = 10,
) -> list[Lecon]:
    wanted = {
        "points_entree": point_entree.code if point_entree else "",
        "types_collectivites": type_collectivite,
        "tailles": taille,
        "ruralite": ruralite,
    }
    angle_words = (
        set(stems(f"{point_entree.nom} {point_entree.code.replace('-', ' ')}")) if point_entree else set()
    )
    context_words = set()
    if ruralite == "rural":
        context_words |= set(stems(RURAL_WORDS))
    if taille:
        context_words |= set(stems(SIZE_WORDS.get(taille, "")))
    found = []
    for fiche in visible_fiches(reseau):
        tag_score = sum(
            POIDS_TAG[field] for field, value in wanted.items() if value and value in getattr(fiche, field)
        )
        tag_score += sum(POIDS_TAG["publics"] for public in publics if public in fiche.publics)
        for section in LESSON_SECTIONS:
            for lesson in _items(getattr(fiche, section)):
                lesson_words = set(stems(lesson))
                score = (
                    tag_score
                    + POIDS_SECTION[section]
                    + POIDS_MOT_ANGLE * len(angle_words & lesson_words)
                    + POIDS_MOT_CONTEXTE * len(context_words & lesson_words)
                )
                if score > POIDS_SECTION[section]:
                    found.append(Lecon(lesson, section, SECTIONS[section][0], fiche, score))
    found.sort(key=lambda lecon: (-lecon.score, lecon.fiche.titre))
    return found[:limit]


def _items(text: str) -> list[str]:
    """A section's lessons: its bullets, or its paragraphs."""
    parts = re.split(r"\n(?=- )|\n\s*\n", text)
    return [" ".join(part.removeprefix("- ").split()) for part in parts if part.strip()]
