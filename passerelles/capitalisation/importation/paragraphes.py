"""OCR keeps the lines of the page: sentences broken at the page's width, paragraphs cut by
a blank line in mid-sentence, list items on several lines. Here they become paragraphs
(one per line, a blank line between them) and list items ("- …", one per line)."""

import re

from .accents import _lexicon

SENTENCE_END = tuple(".!?…»:;")
_CONTINUES = re.compile(r"^[a-zàâçéèêëîïôûùüÿœ(«0-9]")


def merged(blocs: list) -> list:
    """Rejoined paragraphs of a section cut in mid-sentence joined again, and a list kept
    with the line that announces it: "… disposant de moyens" + "conséquents." is one."""
    result: list = []
    for bloc in blocs:
        previous = result[-1] if result else None
        if previous and previous.section == bloc.section and _continues(previous.texte, bloc.texte):
            previous.texte = rejoined(f"{previous.texte}\n{bloc.texte}")
        else:
            result.append(type(bloc)(bloc.section, bloc.texte))
    return result


def _continues(before: str, after: str) -> bool:
    last, first = before.rstrip().rsplit("\n", 1)[-1], after.lstrip()
    if first.startswith("- "):
        return last.startswith("- ") or last.endswith(":")
    return not last.endswith(SENTENCE_END) and bool(_CONTINUES.match(first))


def rejoined(text: str) -> str:
    """Lines joined into paragraphs and list items."""
    items: list[list[str]] = []  # [kind, text], kind "p" (paragraph) or "li" (list item)
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        if line.startswith("- "):
            items.append(["li", line[2:].strip()])
        elif items and not _starts_paragraph(items[-1], line):
            items[-1][1] = _join(items[-1][1], line)
        else:
            items.append(["p", line])
    parts: list[str] = []
    for index, (kind, content) in enumerate(items):
        if index:
            parts.append("\n" if kind == "li" or items[index - 1][0] == "li" else "\n\n")
        parts.append(f"- {content}" if kind == "li" else content)
    return "".join(parts)


def _starts_paragraph(previous: list[str], line: str) -> bool:
    ended = previous[1].endswith(SENTENCE_END)
    return ended and (previous[1].endswith(":") or not _CONTINUES.match(line))


def _join(before: str, after: str) -> str:
    """Two lines as one text; a word cut by a hyphen at the line's end is mended when the
    whole word is French ("coopé-" + "ration"), the hyphen kept otherwise ("Centre-Val")."""
    if re.search(r"\w-$", before) and after[:1].isalpha():
        head, tail = re.search(r"(\w+)-$", before).group(1), re.match(r"\w+", after).group(0)
        frequencies, _ = _lexicon()
        if (head + tail).lower() in frequencies:
            return before[:-1] + after
        return before + after
    return f"{before} {after}"
