"""The planning aid: what the chosen segments are like, what to talk about, who could speak
and what past ateliers taught, for the entry point and the publics chosen."""

from dataclasses import dataclass, field

from passerelles.capitalisation.lecons import Lecon, lessons_for
from passerelles.leviers.segments import segment_summary
from passerelles.territoires.models import RURAL_DENSITES

# Segment filters → the tags of the capitalisation base (see capitalisation.forms).
TYPE_OF_FILTER = {
    "commune": "commune",
    "epci": "epci",
    "CC": "epci",
    "CA": "epci",
    "CU": "epci",
    "metropole": "epci",
    "departement": "departement",
    "region": "region",
}
SIZE_OF_BAND = {
    "moins-500": "petite",
    "500-2000": "petite",
    "2000-10000": "moyenne",
    "10000-50000": "moyenne",
    "50000-200000": "grande",
    "plus-200000": "grande",
}
MAX_LESSONS = 5


@dataclass
class AideSegment:
    segment: object
    synthese: dict


@dataclass
class Aide:
    point_entree: object = None
    segments: list[AideSegment] = field(default_factory=list)
    lecons: list[Lecon] = field(default_factory=list)

    @property
    def vide(self) -> bool:
        return not (self.point_entree or self.segments)


def planning_aid(*, reseau, segments, point_entree=None, roles=(), lieu=None) -> Aide:
    """`lieu` is the atelier's venue (a Collectivite): speakers are measured from it."""
    publics = sorted({role.famille for role in roles})
    return Aide(
        point_entree=point_entree,
        segments=[
            AideSegment(segment, segment_summary(reseau=reseau, filtres=segment.filtres, lieu=lieu))
            for segment in segments
        ],
        lecons=matching_lessons(reseau=reseau, segments=segments, point_entree=point_entree, publics=publics),
    )


def matching_lessons(*, reseau, segments, point_entree, publics: list[str]) -> list[Lecon]:
    """The lessons that match each segment's kind of collectivités, best first, each once."""
    contexts = [lesson_context(segment.filtres) for segment in segments] or [{}]
    best: dict[tuple, Lecon] = {}
    for context in contexts:
        for lecon in lessons_for(reseau=reseau, point_entree=point_entree, publics=publics, **context):
            key = (lecon.fiche.pk, lecon.texte)
            if key not in best or lecon.score > best[key].score:
                best[key] = lecon
    return sorted(best.values(), key=lambda lecon: -lecon.score)[:MAX_LESSONS]


def lesson_context(filtres: dict) -> dict:
    """What a segment's filters say about its collectivités, in the capitalisation's words."""
    ruralite = str(filtres.get("ruralite") or "")
    if ruralite.isdigit():
        ruralite = "rural" if int(ruralite) in RURAL_DENSITES else "urbain"
    return {
        "type_collectivite": TYPE_OF_FILTER.get(filtres.get("type") or "commune", ""),
        "taille": SIZE_OF_BAND.get(filtres.get("population") or "", ""),
        "ruralite": ruralite if ruralite in ("rural", "urbain") else "",
    }
