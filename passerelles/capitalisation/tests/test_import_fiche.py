"""The importer on the seed, on each OCR repair, and on generated fiches (no word lost)."""

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.capitalisation.importation.accents import unaccented
from passerelles.capitalisation.importation.decoupage import split_fiche
from passerelles.capitalisation.importation.reparation import repair
from passerelles.capitalisation.sections import SECTIONS

SEED = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "seeds"
    / "fiche-capitalisation-atelier-sensibilisation-aect-centraider.txt"
)


def seed_text() -> str:
    """The seed, read from ../shared/seeds/: skipped where that folder is absent, never under CI."""
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"graine introuvable : {SEED}")
        pytest.skip(f"graine introuvable ({SEED}) : ces tests lisent ../shared/seeds/")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed() -> dict:
    return split_fiche(seed_text()).sections()


def test_the_seed_title_and_porteur(seed):
    assert seed["titre"] == "Mise en place d’un atelier de sensibilisation à l’AECT"
    assert seed["porteur"] == "CENTRAIDER"
    assert seed["resume"].splitlines()[-1].endswith("conséquents.")


@pytest.mark.parametrize(
    ("section", "starts", "contains"),
    [
        ("collectivites_ciblees", "Les collectivités ciblées étaient", "La Ville de Bourges a accueilli"),
        ("besoin_initial", "- Cette activité ne répondait pas", "par les collectivités du territoire"),
        ("objectifs", "Mettre en avant des expériences positives", "4900 habitants"),
        ("approche", "Cadrage", "- Région Centre-Val de Loire"),
        (
            "resultats",
            "Les résultats de cet atelier sont assez mitigés",
            "très institutionnelles",
        ),
        ("calendrier", "Mai 2024", "Mai 2024"),
        ("ressources", "Prise en charge par la Ville de Bourges", "accueil et organisation"),
        ("acteurs", "- Coté RRMA", "Soutien de la Région Centre Val de Loire"),
        ("outils", "- Une note de cadrage", "- Un programme d’atelier"),
        (
            "leviers",
            "Mieux impliquer la Région pour qu’elle puisse jouer un rôle",
            "Témoigner du réle du RRMA",
        ),
        ("limites", "Outre la faible participation", "participation plus importante."),
        ("enseignements", "- Lepointd’entrée", "trop technique"),
    ],
)
def test_each_section_of_the_seed(seed, section, starts, contains):
    assert seed[section].startswith(starts), seed[section][:80]
    assert contains in " ".join(seed[section].split(" ")).replace("\n\n", "\n")


def test_split_headings_leave_no_trace_in_the_body(seed):
    assert "\ncollectivité\n" not in f"\n{seed['besoin_initial']}\n"
    assert not seed["objectifs"].startswith("de la")
    assert "impliqués" not in seed["acteurs"]


def test_the_seed_quotes_with_their_speaker_become_verbatims(seed):
    assert [v["auteur"] for v in seed["verbatims"]] == ["collectivité", "RRMA"]
    assert seed["verbatims"][0]["texte"].startswith("Une collectivité qui n’est pas mobilisée sur l’AECT")
    assert "«" not in seed["outils"]
    assert "«On avait déposé" in seed["objectifs"]  # no speaker named: the quote stays in its section


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("promouvoir CAECT et", "promouvoir l’AECT et"),
        ("le cadrage de UAECT", "le cadrage de l’AECT"),
        ("de Uatelier", "de l’atelier"),
        ("de U'appui", "de l’appui"),
        ("lUobjectif était", "l’objectif était"),
        ("constat d’'une méconnaissance", "constat d’une méconnaissance"),
        ("a accueilli ’événement", "a accueilli l’événement"),
        ("trés €loignée", "très éloignée"),
        ("Fin. UAECT a été choisie", "Fin. L’AECT a été choisie"),
        ("Uatelier s’est tenu", "L’atelier s’est tenu"),
    ],
)
def test_each_ocr_repair(damaged, repaired):
    assert repair(damaged)[0] == repaired


def test_a_capital_l_is_split_only_when_the_document_knows_the_word():
    text = "Lintervention était claire. Une intervention de qualité. Lorsque tout va bien."
    repaired, changes = repair(text)
    assert repaired.startswith("L’intervention était claire")
    assert "Lorsque" in repaired
    assert [(c.avant, c.apres) for c in changes] == [("Lintervention", "L’intervention")]


def test_bullets_read_as_quotes_or_arrows_become_dashes():
    sections = split_fiche("Titre\n\nLimites\n» première\n> deuxième\nP> troisième\n").sections()
    assert sections["limites"] == "- première\n- deuxième\n- troisième"


def test_the_command_prints_json_with_the_section_keys(capsys):
    seed_text()
    call_command("import_fiche", str(SEED), "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == list(SECTIONS)
    assert data["calendrier"] == "Mai 2024"


# --- no word is ever lost ---------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).filter(
    lambda w: w not in {"les", "des"}
)
HEADINGS = {key: title for key, (title, _) in SECTIONS.items() if key not in ("titre", "verbatims", "resume")}


@st.composite
def generated_fiche(draw):
    keys = draw(st.lists(st.sampled_from(sorted(HEADINGS)), min_size=1, max_size=8, unique=True))
    lines, body = ["Titre de la fiche", ""], []
    for key in keys:
        words = draw(st.lists(WORD, min_size=1, max_size=30))
        body.extend(words)
        heading = HEADINGS[key]
        if draw(st.booleans()) and " " in heading:  # a heading split over two lines, body interleaved
            first, rest = heading.split(" ", 1)
            lines.append(f"{first} {' '.join(words[:4])}")
            lines.append(f"{rest} {' '.join(words[4:])}".rstrip())
        else:
            lines.append(heading)
            for start in range(0, len(words), 7):
                lines.append(" ".join(words[start : start + 7]))
        lines.append("")
    return "\n".join(lines), body


@settings(max_examples=150, deadline=None)
@given(generated_fiche())
def test_every_body_word_ends_up_in_exactly_one_section(fiche):
    text, body = fiche
    sections = split_fiche(text).sections()
    found = Counter()
    for key, value in sections.items():
        if key not in ("verbatims", "titre"):
            # A word may come back with its accents repaired ("ete" is "été"): never lost.
            found.update(re.findall(r"[a-z]+", unaccented(value)))
    assert found == Counter(body)


def test_running_headers_and_page_numbers_between_pages_are_dropped():
    text = (
        "Atelier mobilité\nRéseau Exemple — fiche 2025\n\nLimites\npremière limite\n1/2\n\f"
        "Réseau Exemple — fiche 2025\nseconde limite qui continue\n\nEnseignements\nun enseignement\n2/2\n\f"
        "Réseau Exemple — fiche 2025\nencore un enseignement\n"
    )
    sections = split_fiche(text).sections()
    assert "Réseau Exemple" not in json.dumps(sections, ensure_ascii=False)
    # A sentence cut by the page break is one again.
    assert sections["limites"] == "première limite seconde limite qui continue"
    assert sections["enseignements"] == "un enseignement encore un enseignement"


def test_the_seed_loses_only_headings_and_its_running_header():
    text = seed_text()
    sections = split_fiche(text).sections()
    words_in = Counter(re.findall(r"\w+", repair(text)[0].lower()))
    words_out = Counter()
    for key, value in sections.items():
        parts = [f"{v['texte']} {v['auteur']}" for v in value] if key == "verbatims" else [value]
        for part in parts:
            words_out.update(re.findall(r"\w+", part.lower()))
    heading_words = {
        word
        for title, phrases in SECTIONS.values()
        for phrase in [title.lower(), *phrases]
        for word in re.findall(r"\w+", phrase)
    }
    lost = set(words_in - words_out)
    allowed = heading_words | {
        "fiche",
        "capitalisation",
        "p",
        "rrma",
        "déployée",
        "intérét",
        "démarche",
        "ciblées",
        "collectivité",
        "approche",
        "déployés",
        "impliqués",
        "résultats",
        "enseignhements",
        "principaux",
    }
    assert lost <= allowed, lost - allowed
    assert not words_out - words_in  # nothing invented


@pytest.mark.parametrize("by", ["fichier", "texte"])
def test_a_text_far_longer_than_a_fiche_is_refused_in_french_before_splitting(client_membre, by):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from passerelles.capitalisation.models import Fiche

    # 9.4 million characters in a file (under the 10 MB upload limit), 400,000 pasted.
    text = "Enseignements : une leçon.\n" * (350_000 if by == "fichier" else 15_000)
    data = {"fichier": SimpleUploadedFile("fiche.txt", text.encode())} if by == "fichier" else {"texte": text}
    response = client_membre.post("/capitalisation/importer/", data)
    assert response.status_code == 200
    assert "bien plus qu&#x27;une fiche" in response.content.decode()
    assert not Fiche.objects.exists()
