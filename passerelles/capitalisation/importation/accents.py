"""Accents that OCR lost or misread ("intérét", "déja", "a l’AECT"), put back against the
French word list shipped with pyspellchecker.

A word is touched only when it is not French as written and a spelling of the same letters
with other accents is: the one that changes fewest letters, then the most frequent, wins
("prété" is "prêté", not "prête"). "coté" and "cote" are words, so they stay. "a" becomes
"à" only where the verb "avoir" cannot stand: before an article or an infinitive, and not
after a subject pronoun.
"""

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")
# "a l’AECT", "a la place", "a partir", "a attirer"; not "il a la charge", "qui a fait".
_PREPOSITION_A = re.compile(
    r"(?<![\w’'])(?P<a>[aA])(?=\s(?:l[’']|la\s|leurs?\s|partir\s|travers\s|cette?\s|chaque\s|\w+er\b))"
)
_SUBJECTS = {"il", "elle", "on", "qui", "y", "ce", "cela", "ça"}


def unaccented(word: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, int], dict[str, list[str]]]:
    """French words with their frequency, and the words of each unaccented form."""
    from spellchecker import SpellChecker

    frequencies = dict(SpellChecker(language="fr", distance=1).word_frequency.dictionary)
    spellings: dict[str, list[str]] = {}
    for word in frequencies:
        spellings.setdefault(unaccented(word), []).append(word)
    return frequencies, spellings


def accented(word: str) -> str:
    """The French spelling of an OCR'd word, or the word itself."""
    lower = word.lower()
    if len(word) < 2 or (word.isupper() and len(word) > 1) or not lower.isalpha():
        return word
    frequencies, spellings = _lexicon()
    if lower in frequencies or unaccented(lower) not in spellings:
        return word
    found = min(
        spellings[unaccented(lower)],
        key=lambda candidate: (sum(map(str.__ne__, candidate, lower)), -frequencies[candidate]),
    )
    return found[0].upper() + found[1:] if word[0].isupper() else found


def accent_words(text: str, logged) -> str:
    """`text` with each word accented; `logged(match, new, words_after=0)` records and
    returns each change."""
    text = _WORD.sub(lambda m: logged(m, accented(m.group(0))), text)
    # The next word goes into the record: undoing "à l’AECT" must not touch every "à".
    return _PREPOSITION_A.sub(lambda m: logged(m, _preposition(m), 1), text)


def _preposition(match: re.Match) -> str:
    before = match.string[: match.start()].split()
    previous = re.split(r"[’']", before[-1])[-1].lower() if before else ""  # "qu’il" → "il"
    if previous in _SUBJECTS:
        return match.group(0)
    return "À" if match.group(0) == "A" else "à"
