"""The programme's times, checked as a whole: what overlaps, what falls outside the atelier's
hours, and where the next sequence starts. Warnings only: a programme being drafted may be
wrong for a while, and an atelier sometimes runs late on purpose (a lunch after the end)."""

import datetime
from itertools import combinations

from passerelles.core.francais import guillemets, heure

from .models import Atelier, Sequence


def programme_warnings(atelier: Atelier, sequences: list[Sequence]) -> list[str]:
    """In French, one sentence per problem: sequences outside the atelier's hours, in the
    programme's order, then each pair of sequences whose times overlap."""
    warnings = [warning for sequence in sequences for warning in _outside_hours(atelier, sequence)]
    timed = [sequence for sequence in sequences if sequence.debut and sequence.fin]
    warnings += [_overlap(*pair) for pair in combinations(timed, 2) if _overlaps(*pair)]
    return warnings


def _overlaps(first: Sequence, second: Sequence) -> bool:
    return first.debut < second.fin and second.debut < first.fin


def _overlap(first: Sequence, second: Sequence) -> str:
    later, earlier = (second, first) if second.debut >= first.debut else (first, second)
    return (
        f"{guillemets(later.titre)} ({_span(later)}) chevauche "
        f"{guillemets(earlier.titre)} ({_span(earlier)})."
    )


def _outside_hours(atelier: Atelier, sequence: Sequence) -> list[str]:
    name, start, end = guillemets(sequence.titre), atelier.heure_debut, atelier.heure_fin
    if sequence.debut and sequence.debut < start:
        return [f"{name} commence avant le début de l'atelier ({heure(start)})."]
    if sequence.debut and sequence.debut >= end:
        return [f"{name} commence après la fin de l'atelier ({heure(end)})."]
    if sequence.fin and sequence.fin > end:
        return [f"{name} finit après la fin de l'atelier ({heure(end)})."]
    return []


def _span(sequence: Sequence) -> str:
    return f"{heure(sequence.debut)} – {heure(sequence.fin)}"


def next_start(atelier: Atelier, sequences: list[Sequence]) -> datetime.time:
    """Where a new sequence starts: when the last timed one ends (or starts, when it has no
    end), else with the atelier."""
    for sequence in reversed(sequences):
        if sequence.fin or sequence.debut:
            return sequence.fin or sequence.debut
    return atelier.heure_debut
