"""Sections that other capabilities add to a collectivité's page (mobilisation, advice…).

The référentiel knows nothing of them: each app registers a function at start-up that
returns the HTML of its section for the user's réseau, or "" when it has nothing to say.
"""

from collections.abc import Callable

Panneau = Callable[[object, object], str]  # (request, collectivite) -> HTML
_panneaux: list[Panneau] = []


def register(panneau: Panneau) -> Panneau:
    if panneau not in _panneaux:
        _panneaux.append(panneau)
    return panneau


def render_panels(request, collectivite) -> list[str]:
    return [html for panneau in _panneaux if (html := panneau(request, collectivite))]
