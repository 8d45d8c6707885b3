"""Real scans are messier than the seed: variants of it, generated here, must be cut exactly
as the seed is — running headers without form feeds, headings in capitals, lines wrapped at
another width, other bullets, closing quotes lost or misread."""

import re

import pytest

from passerelles.capitalisation.importation.decoupage import split_fiche
from passerelles.capitalisation.importation.reparation import repair, undo
from passerelles.capitalisation.sections import SECTIONS

from .test_import_fiche import seed_text

HEADING_WORDS = {
    word
    for title, phrases in SECTIONS.values()
    for phrase in [title, *phrases]
    for word in phrase.lower().split()
}
LONG_HEADING_WORDS = {word for word in HEADING_WORDS if len(word) >= 5}


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return seed_text().split("\n")


@pytest.fixture(scope="module")
def expected() -> dict:
    return split_fiche(seed_text()).sections()


def with_running_headers(lines: list[str], every: int = 23) -> str:
    """A header and a footer with the page number every `every` lines, in mid-paragraph too."""
    pages = [lines[start : start + every] for start in range(0, len(lines), every)]
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        out += [f"CENTRAIDER – Fiche de capitalisation {number}/{len(pages)}", *page, f"Page {number}"]
    return "\n".join(out)


def test_running_headers_and_footers_without_form_feeds_leave_no_trace(seed_lines, expected):
    sections = split_fiche(with_running_headers(seed_lines)).sections()
    assert sections == expected
    assert "CENTRAIDER – Fiche" not in str(sections)


def test_headings_in_capitals_are_headings(seed_lines, expected):
    shouting = [
        line.upper() if line.strip() and set(line.lower().split()) <= HEADING_WORDS else line
        for line in seed_lines
    ]
    assert any(line == "LIMITES" for line in shouting)
    assert split_fiche("\n".join(shouting)).sections() == expected


def rewrapped(text: str, width: int) -> str:
    """Paragraphs of plain body text (no heading, no bullet, no quote) wrapped at `width`."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        plain = all(
            line
            and line[0].isalpha()
            and not (set(normalised(line)) & LONG_HEADING_WORDS)
            and "«" not in line
            for line in lines
        )
        if plain and len(lines) > 1:
            words, lines, current = paragraph.split(), [], ""
            for word in words:
                if current and len(current) + 1 + len(word) > width:
                    lines.append(current)
                    current = word
                else:
                    current = f"{current} {word}".strip()
            lines.append(current)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def normalised(line: str) -> list[str]:
    return re.findall(r"\w+", line.lower().replace("é", "e").replace("è", "e"))


@pytest.mark.parametrize("width", [45, 70, 140])
def test_lines_wrapped_at_another_width_give_the_same_paragraphs(width, expected):
    text = rewrapped(seed_text(), width)
    assert text != seed_text()
    assert split_fiche(text).sections() == expected


@pytest.mark.parametrize("mark", ["•", "-", "»", ">", "▪"])
def test_any_bullet_makes_the_same_list(seed_lines, expected, mark):
    bullets = [re.sub(r"^(?:P>|[»>•-])(?=\s)", mark, line) for line in seed_lines]
    sections = split_fiche("\n".join(bullets)).sections()
    assert sections == expected
    assert (
        "- Région Centre-Val de Loire\n- Ville de Bourges\n- Communauté de communes de Nérondes"
        in (sections["approche"])
    )


@pytest.mark.parametrize("closing", ["", ">", '"', "» "])
def test_a_verbatim_whose_closing_quote_is_lost_or_misread_is_still_a_verbatim(closing, expected):
    text = seed_text().replace("peur » (RRMA)", f"peur {closing}(RRMA)")
    text = text.replace("Uinternational » (collectivité)", f"Uinternational {closing}(collectivité)")
    sections = split_fiche(text).sections()
    assert [v["auteur"] for v in sections["verbatims"]] == ["collectivité", "RRMA"]
    assert [v["texte"] for v in sections["verbatims"]] == [v["texte"] for v in expected["verbatims"]]
    assert "RRMA)" not in sections["leviers"] and "peur" not in sections["leviers"]


def test_a_closing_quote_at_the_start_of_a_line_is_no_bullet():
    text = "Titre\n\nLimites\n« Nous ne savions pas à qui nous adresser\n» (une élue)\n- une vraie liste\n"
    sections = split_fiche(text).sections()
    assert sections["verbatims"] == [
        {"texte": "Nous ne savions pas à qui nous adresser", "auteur": "une élue"}
    ]
    assert sections["limites"] == "- une vraie liste"


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("une formation a l'AECT", "une formation à l'AECT"),
        ("un intérét réel", "un intérêt réel"),
        ("ils étaient déja convaincus", "ils étaient déjà convaincus"),
        ("A la fin de la journée", "À la fin de la journée"),
        ("en matiere de financements", "en matière de financements"),
        ("La Région a prété main forte", "La Région a prêté main forte"),
    ],
)
def test_accents_are_repaired_against_the_french_word_list(damaged, repaired):
    assert repair(damaged)[0] == repaired


@pytest.mark.parametrize(
    "kept",
    [
        "Il a la charge du dossier",
        "La commune a été choisie",
        "Le coté du dossier",
        "Néraonde et Bourges",
        "AECT",
    ],
)
def test_french_words_names_and_the_verb_avoir_are_left_alone(kept):
    assert repair(kept) == (kept, [])


def test_every_repair_is_listed_and_can_be_undone():
    text = "Afin de promouvoir CAECT a l'AECT, un intérét déja ancien."
    repaired, repairs = repair(text)
    assert [(r.avant, r.apres) for r in repairs] == [
        ("CAECT", "l’AECT"),
        ("intérét", "intérêt"),
        ("déja", "déjà"),
        ("a l'AECT,", "à l'AECT,"),
    ]
    for reparation in reversed(repairs):
        repaired = undo(repaired, reparation)
    assert repaired == text
