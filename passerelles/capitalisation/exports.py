"""A fiche as Markdown, DOCX or a printable PDF."""

import io

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
    from weasyprint import HTML

    side = [(title, content) for key, title, content in fiche.sections() if key in SIDE_SECTIONS and content]
    body = [
        (key, title, content)
        for key, title, content in fiche.sections()
        if key not in SIDE_SECTIONS and key not in ("titre", "verbatims") and content
    ]
    context = {"fiche": fiche, "cote": side, "corps": body, "etiquettes": fiche_tags(fiche)}
    html = render_to_string("capitalisation/fiche_pdf.html", context)
    return HTML(string=html).write_pdf()
