"""Repairs of the damage OCR does to French text, each one logged so the user sees it.

Conservative by design: a repair fires only on patterns that are almost never real French
("UAECT", "Uatelier", "d’'une", "€loignée"); a guess that needs a dictionary is checked
against the document itself ("Lintervention" becomes "L’intervention" only if the
document also has the word "intervention").
"""

import re
from dataclasses import dataclass

from .accents import accent_words

APOSTROPHE = "’"
SENTENCE_ENDS = ".!?"
_VOWEL = "aeiouyéèêëàâîïôöûüœh"
# "UAECT", "CAECT" for "l’AECT": a stray capital glued to an acronym.
_ACRONYM = re.compile(r"(?<![\w’'])[UC](?=(AECT|AICT|APD|RRMA|MEAE|DAECT|DCTCIV|ECSI|ODD)\b)")
# "Uatelier", "U’appui", "lUobjectif": "l’" read as "U".
_L_AS_U = re.compile(rf"(?<![\w’'])(l?)U[’']?(?=[{_VOWEL}][a-zéèêàç])")
# "d’'une", "l'’équipe": a doubled apostrophe.
_DOUBLE_APOSTROPHE = re.compile(r"([dlnsjmtc])[’'][’']", re.IGNORECASE)
# "a ’AECT", "'ensemble", "’événement": the "l" of "l’" lost before an apostrophe.
_LOST_L = re.compile(rf"(?<=\s)[’'](?=[{_VOWEL}A-ZÉ][\wé])")
# "€loignée": "é" read as "€" inside a word.
_EURO_AS_E = re.compile(r"(?<=\s)€(?=[a-zé]{2,})")
# "Lintervention", "Léquipe": a missing apostrophe after a capital L.
_GLUED_L = re.compile(rf"\bL(?=[{_VOWEL}][a-zéèêàç]{{3,}})(\w+)")
_REST_OF_WORD = re.compile(r"\S*")
_NEXT_WORD = re.compile(r"(?:[ \t]+\S+)?")
_BULLET = re.compile(r"^\s*(?:P>|[»>•▪·◦‣∙]|[-–—*](?=\s))\s*")


@dataclass(frozen=True)
class Reparation:
    avant: str
    apres: str


def repair(text: str) -> tuple[str, list[Reparation]]:
    """The repaired text and the distinct repairs made, word by word."""
    changes: dict[tuple[str, str], None] = {}
    words = set(re.findall(r"\w+", text.lower()))
    steps = [
        (_ACRONYM, lambda m: _article(m)),
        (_L_AS_U, lambda m: _article(m) if not m.group(1) else f"l{APOSTROPHE}"),
        (_DOUBLE_APOSTROPHE, lambda m: m.group(1) + APOSTROPHE),
        (_LOST_L, lambda m: f"l{APOSTROPHE}"),
        (_EURO_AS_E, lambda m: "é"),
        (_GLUED_L, lambda m: f"L{APOSTROPHE}{m.group(1)}" if m.group(1).lower() in words else m.group(0)),
    ]
    for pattern, replacement in steps:
        text = pattern.sub(lambda m, r=replacement: _logged(m, r(m), changes), text)
    text = accent_words(text, lambda m, new, after=0: _logged(m, new, changes, words_after=after))
    return text, [Reparation(avant, apres) for avant, apres in changes]


def _article(match: re.Match) -> str:
    """ "l’", or "L’" at the start of a sentence."""
    raw = match.string[: match.start()]
    before = raw.rstrip()
    # OCR breaks lines mid-sentence: only a full stop or a new paragraph starts a sentence.
    sentence_start = not before or before[-1] in SENTENCE_ENDS or raw.rstrip(" \t").endswith("\n\n")
    return ("L" if sentence_start else "l") + APOSTROPHE


def _logged(match: re.Match, new: str, changes: dict, words_after: int = 0) -> str:
    """Record the change with the whole words around it (and `words_after` more), as the
    user reads it and as it is undone."""
    if new != match.group(0):
        source = match.string
        start = max(source.rfind(" ", 0, match.start()), source.rfind("\n", 0, match.start())) + 1
        end = _REST_OF_WORD.match(source, match.end()).end()
        for _ in range(words_after):
            end = _NEXT_WORD.match(source, end).end()
        before = source[start:end]
        changes[(before, source[start : match.start()] + new + source[match.end() : end])] = None
    return new


def undo(text: str, reparation: Reparation) -> str:
    """`text` with a repair taken back wherever it stands as whole words."""
    return re.sub(rf"(?<!\S){re.escape(reparation.apres)}(?!\S)", lambda _: reparation.avant, text)


def bullet(line: str) -> str:
    """A line starting with a bullet, OCR'd or not ("•", "-", "»", ">", "P>"), as "- …"."""
    match = _BULLET.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    return f"- {rest}" if rest.strip() else ""
