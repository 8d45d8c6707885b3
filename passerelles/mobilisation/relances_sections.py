"""Sections that other capabilities add to « Mes relances » (dossiers due, …).

Mobilisation knows nothing of them: each app registers a function at start-up that returns
the HTML of its section for the signed-in member, or "" when it has nothing to say.
"""

from collections.abc import Callable

Section = Callable[[object], str]  # (request) -> HTML
_sections: list[Section] = []


def register(section: Section) -> Section:
    if section not in _sections:
        _sections.append(section)
    return section


def render_sections(request) -> list[str]:
    return [html for section in _sections if (html := section(request))]
