"""Figures that each capability adds to the home dashboard, without the shell knowing them.

An app registers a function returning a `Tuile` for the user's réseau (or None) at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tuile:
    chiffre: int
    legende: str
    lien: str


_tuiles: list[Callable] = []


def register(tuile: Callable) -> Callable:
    if tuile not in _tuiles:
        _tuiles.append(tuile)
    return tuile


def render_tiles(request) -> list[Tuile]:
    return [tile for function in _tuiles if (tile := function(request))]
