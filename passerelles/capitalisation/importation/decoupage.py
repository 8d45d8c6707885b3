"""Splitting a fiche's text into its sections, as it comes out of OCR.

Headings are found at the start of lines, even when OCR split them over several lines
with body text interleaved ("Besoin initial P> Cette activité…" / "de la collectivités…" /
"collectivité"): the rest of the heading is looked for at the start of the next lines and
removed there. Every other word ends up in exactly one section; quotes followed by their
author "(RRMA)" become verbatims.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from passerelles.territoires.normalisation import normalise

from ..sections import SECTIONS
from .paragraphes import merged, rejoined
from .reparation import Reparation, bullet, repair

CONTINUATION_WINDOW = 12  # lines in which the rest of a split heading is looked for
PAGE_LINES = 15  # a running header comes back at least this many lines later
_RUNNING_HEADER = re.compile(
    r"^\W*(fiche de capitalisation|page \d+( ?(/|sur) ?\d+)?|\d+ ?/ ?\d+|\d+)\W*$", re.IGNORECASE
)
# The closing » may be lost, or read as ">" or a straight quote.
_VERBATIM = re.compile(r"«\s*(?P<texte>[^«»]{15,}?)\s*(?:[»>\"”]\s*)?\((?P<auteur>[^()]{2,60})\)", re.DOTALL)
_DIGITS = re.compile(r"\d+")
_SYNONYMS = sorted(
    ((key, phrase.split()) for key, (_, phrases) in SECTIONS.items() for phrase in phrases),
    key=lambda item: -len(item[1]),
)


@dataclass
class Bloc:
    section: str
    texte: str


@dataclass
class Decoupage:
    blocs: list[Bloc]
    verbatims: list[dict] = field(default_factory=list)
    reparations: list[Reparation] = field(default_factory=list)

    def sections(self) -> dict:
        result = {key: [] if key == "verbatims" else "" for key in SECTIONS}
        for bloc in self.blocs:
            result[bloc.section] = f"{result[bloc.section]}\n\n{bloc.texte}".strip()
        result["verbatims"] = self.verbatims
        return result


def _same_word(expected: str, found: str) -> bool:
    return expected == found or (len(expected) >= 6 and fuzz.ratio(expected, found) >= 85)


def _tokens(line: str) -> list[str]:
    return line.split()


def _heading_candidates(tokens: list[str], seen: set[str]) -> list[tuple[str, int, list[str]]]:
    """Headings the line may start with, as (section, tokens used, heading words still to
    find below), longest heading first: "Besoin initial" may be "Besoin initial de la
    collectivité" split over several lines."""
    if not tokens or not tokens[0][:1].isupper():
        return []
    words = [normalise(token) for token in tokens]
    candidates = []
    for key, phrase in _SYNONYMS:
        if key in seen:
            continue
        matched = consumed = 0
        for token_words in words:
            parts = token_words.split()
            if not parts or matched + len(parts) > len(phrase):
                break
            if not all(_same_word(phrase[matched + i], part) for i, part in enumerate(parts)):
                break
            matched += len(parts)
            consumed += 1
        if matched:
            candidates.append((key, consumed, phrase[matched:]))
    return candidates


def _strip_continuation(lines: list[str], start: int, rest: list[str]) -> bool:
    """Remove the rest of a split heading from the next lines; False if it is not there.

    The rest may stand alone on a line (then OCR typos are tolerated: "roposée") or open a
    line of body text (then only exact words count, so that "collectivités" in the body is
    never taken for the heading's "collectivité")."""
    found: list[tuple[int, int]] = []
    remaining = list(rest)
    for index in range(start, min(start + CONTINUATION_WINDOW, len(lines))):
        token_words = [normalise(token).split() or ["\0"] for token in _tokens(lines[index])]
        flat = [word for words in token_words for word in words]
        if flat and len(flat) <= len(remaining) and all(map(_same_word, remaining, flat)):
            taken, used = len(token_words), len(flat)
        else:
            taken = used = 0
            for words in token_words:
                if remaining[used : used + len(words)] != words:
                    break
                taken, used = taken + 1, used + len(words)
        if taken:
            found.append((index, taken))
            remaining = remaining[used:]
        if not remaining:
            break
    if remaining:
        return False
    for index, taken in found:
        lines[index] = " ".join(_tokens(lines[index])[taken:])
    return True


def split_fiche(text: str) -> Decoupage:
    text = text.replace("\r\n", "\n")
    repeated = {repair(line)[0] for line in _running_headers(text)}
    text, repairs = repair(text.replace("\f", "\n"))
    # Dropped first, so that a heading split around a page break is found whole.
    lines = [
        line.rstrip()
        for line in text.split("\n")
        if not line.strip() or not (_RUNNING_HEADER.match(line.strip()) or line.strip() in repeated)
    ]
    current, seen, open_quotes = "titre", set(), 0
    assigned: list[tuple[str, str]] = []  # (section, line) in order; "" lines separate paragraphs
    for index, line in enumerate(lines):
        tokens = _tokens(line)
        for key, consumed, rest in _heading_candidates(tokens, seen):
            if not rest or _strip_continuation(lines, index + 1, rest):
                current = key
                seen.add(key)
                line = " ".join(tokens[consumed:])
                break
        # Inside a quote, a line opening with "»" or ">" closes it: it is no bullet.
        closing = open_quotes and line.lstrip()[:1] in "»>"
        assigned.append((current, line if closing else bullet(line)))
        open_quotes = max(0, open_quotes + line.count("«") - line.count("»"))
    blocs = _paragraphs(assigned)
    _title_then_summary(blocs)
    blocs = merged([Bloc(bloc.section, rejoined(bloc.texte)) for bloc in blocs])
    return Decoupage(blocs=blocs, verbatims=_extract_verbatims(blocs), reparations=repairs)


def _running_headers(text: str) -> set[str]:
    """Running headers and footers: lines that open or close at least two pages (form
    feeds), and, where pages are not marked, lines that come back with a changing number
    ("Fiche CENTRAIDER — 2/5") or three times the same."""
    edges: dict[str, int] = {}
    for page in text.split("\f"):
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        for line in {lines[0], lines[-1]} if lines else ():
            edges[line] = edges.get(line, 0) + 1
    found = {line for line, count in edges.items() if count >= 2 and len(line) <= 100}
    by_shape: dict[str, list[tuple[int, str]]] = {}
    for number, line in enumerate(text.replace("\f", "\n").split("\n")):
        line = line.strip()
        if line and len(line) <= 100 and not bullet(line).startswith("- "):
            by_shape.setdefault(_DIGITS.sub("#", line), []).append((number, line))
    for shape, seen in by_shape.items():
        numbers, lines = [number for number, _ in seen], {line for _, line in seen}
        a_page_apart = all(b - a >= PAGE_LINES for a, b in zip(numbers, numbers[1:], strict=False))
        if a_page_apart and (len(seen) >= 3 or ("#" in shape and len(seen) >= 2 and len(lines) > 1)):
            found.update(lines)
    return found


def _paragraphs(assigned: list[tuple[str, str]]) -> list[Bloc]:
    blocs: list[Bloc] = []
    for section, line in assigned:
        if not line.strip():
            inside_quote = blocs and blocs[-1].texte.count("«") > blocs[-1].texte.count("»")
            if blocs and blocs[-1].texte and not inside_quote:
                blocs.append(Bloc(section, ""))
            continue
        if blocs and blocs[-1].section == section:
            blocs[-1].texte = f"{blocs[-1].texte}\n{line}".strip()
        else:
            blocs.append(Bloc(section, line))
    return [bloc for bloc in blocs if bloc.texte.strip()]


def _title_then_summary(blocs: list[Bloc]) -> None:
    """Before the first heading, the first paragraph is the title and the rest the summary;
    after "Pratique déployée par", the first paragraph is the porteur and the rest too."""
    for section in ("titre", "porteur"):
        paragraphs = [bloc for bloc in blocs if bloc.section == section]
        for bloc in paragraphs[1:]:
            bloc.section = "resume"


def _extract_verbatims(blocs: list[Bloc]) -> list[dict]:
    verbatims = []
    for bloc in blocs:

        def take(match: re.Match) -> str:
            verbatims.append({"texte": " ".join(match["texte"].split()), "auteur": match["auteur"].strip()})
            return ""

        bloc.texte = _VERBATIM.sub(take, bloc.texte).strip()
    blocs[:] = [bloc for bloc in blocs if bloc.texte]
    return verbatims
