"""A fiche as Markdown, DOCX or a printable PDF."""

import io
import os
import sys
import threading
from pathlib import Path

from django.template.loader import render_to_string

from .etiquettes import fiche_tags
from .models import Fiche

SIDE_SECTIONS = ("porteur", "calendrier", "ressources", "acteurs", "outils")


def fiche_markdown(fiche: Fiche) -> str:
    lines = [f"# {fiche.titre}", ""]
    for key, title, content in fiche.sections():
        if key == "titre" or not content:
            continue
        lines += [f"## {title}", ""]
        if key == "verbatims":
            lines += [f"> « {v['texte']} » — {v.get('auteur') or 'anonyme'}\n" for v in content]
        else:
            lines += [content, ""]
    return "\n".join(lines).strip() + "\n"


def fiche_docx(fiche: Fiche) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = fiche.titre
    document.add_heading(fiche.titre, level=0)
    for key, title, content in fiche.sections():
        if key == "titre" or not content:
            continue
        document.add_heading(title, level=1)
        if key == "verbatims":
            for verbatim in content:
                paragraph = document.add_paragraph(style="Intense Quote")
                paragraph.add_run(f"« {verbatim['texte']} »").italic = True
                paragraph.add_run(f" — {verbatim.get('auteur') or 'anonyme'}").font.size = Pt(9)
            continue
        for block in content.split("\n"):
            if block.startswith("- "):
                document.add_paragraph(block[2:], style="List Bullet")
            elif block.strip():
                document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fiche_pdf(fiche: Fiche) -> bytes:
    with _WARMING:  # a warm-up under way finishes first: fonts are not loaded twice at once
        return _render_pdf(fiche, fiche_tags(fiche))


def _render_pdf(fiche: Fiche, etiquettes: list) -> bytes:
    from weasyprint import HTML

    side = [(title, content) for key, title, content in fiche.sections() if key in SIDE_SECTIONS and content]
    body = [
        (key, title, content)
        for key, title, content in fiche.sections()
        if key not in SIDE_SECTIONS and key not in ("titre", "verbatims") and content
    ]
    context = {"fiche": fiche, "cote": side, "corps": body, "etiquettes": etiquettes}
    return HTML(string=render_to_string("capitalisation/fiche_pdf.html", context)).write_pdf()


# The first PDF of a process takes seconds (WeasyPrint's import, then Pango and fontconfig
# loading the fonts), the next ones a few hundred milliseconds: the server and the worker
# pay that at start-up, in the background, rather than the first person who exports.
_WARMING = threading.Lock()
_SERVING_COMMANDS = {"runserver", "worker"}


def serves_requests(argv: list[str], environ) -> bool:
    """True in the processes that export: gunicorn, the worker, and runserver's serving
    child (not its file-watching parent, nor migrate, tests or other commands)."""
    if "gunicorn" in Path(argv[0]).name:
        return True
    command = argv[1] if len(argv) > 1 else ""
    if command == "runserver":
        return environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    return command in _SERVING_COMMANDS


def warm_up() -> None:
    """Render a sample fiche once, so that fonts and styles are loaded."""
    with _WARMING:
        sample = Fiche(titre="Préchauffage", resume="Texte d’essai : é, à, « », œ.", acteurs="- Réseau")
        _render_pdf(sample, [("Année", ["2024"])])


def warm_up_in_background(argv: list[str] | None = None, environ=None) -> threading.Thread | None:
    if not serves_requests(sys.argv if argv is None else argv, os.environ if environ is None else environ):
        return None
    thread = threading.Thread(target=warm_up, name="prechauffage-pdf", daemon=True)
    thread.start()
    return thread
