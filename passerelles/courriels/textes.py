"""Email texts written by a team: placeholders between braces (`{titre}`, `{salutation}`…)
rather than Django's template language, which would let a text reach into the database;
and the greeting of a person, a town hall or someone whose name is unknown."""

import re

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
CIVILITES = {"Mme": "Madame", "M.": "Monsieur"}


def render(text: str, values: dict[str, str]) -> str:
    """Replaces the known placeholders; anything else between braces is left as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def unknown_placeholders(text: str, known) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in known})


def salutation(*, civilite: str = "", prenom: str = "", nom: str = "", institutionnelle: bool = False) -> str:
    """« Bonjour Madame Durand », « Bonjour Claire Durand » without civility, else « Madame, Monsieur »."""
    if institutionnelle or not nom:
        return "Madame, Monsieur"
    if civilite in CIVILITES:
        return f"Bonjour {CIVILITES[civilite]} {nom}"
    return " ".join(part for part in ("Bonjour", prenom, nom) if part)
