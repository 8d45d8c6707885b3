"""The atelier's documents, as an association sends them: note de cadrage and programme
(DOCX and PDF), invitation letter, feuille d'émargement (PDF), and the .ics event."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from passerelles.ateliers.inscriptions.models import EtatInscription, SourceInscription
from passerelles.ateliers.invitations.models import Invitation, code_lisible
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.contacts.models import FamilleRole
from passerelles.core.francais import NBSP, NNBSP, accord, date_longue, heure, plage, typographie
from passerelles.territoires.normalisation import normalise

from .calendrier import atelier_ics, lieu
from .models import Atelier, NatureBudget, RolePartenaire

# Walk-ins sign on blank lines: enough for a few, at least one page's worth is wasteful.
BLANK_LINES = 8
# The publics named as a letter names them, by family of roles.
PUBLICS_AU_PLURIEL = {
    FamilleRole.ELU: "élu·es",
    FamilleRole.DIRECTION: "directions générales et techniques",
    FamilleRole.AGENT: "agents des directions métiers",
    FamilleRole.INTERNATIONAL: "chargé·es des relations internationales",
    FamilleRole.JUMELAGE: "associations de jumelage",
    FamilleRole.OPERATEUR: "opérateurs de coopération",
    FamilleRole.PARTENAIRE: "partenaires institutionnels",
    FamilleRole.AUTRE: "autres publics",
}
TOTAL_OF_NATURE = {
    NatureBudget.DEPENSE: "Total des dépenses",
    NatureBudget.RECETTE: "Total des recettes",
    NatureBudget.VALORISATION: "Total des contributions en nature",
}


def euros(amount: Decimal) -> str:
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimals, use_l10n=True, force_grouping=True)}{NBSP}€"


def intervenant(intervention) -> str:
    """A speaker with where they come from: « Camille Martin (Ville de Bourges) »."""
    contact = intervention.contact
    if contact:
        where = contact.collectivite or contact.organisation or intervention.collectivite
        name = f"{contact.nom_complet} ({where})" if where else contact.nom_complet
        return f"{name}, {contact.fonction}" if contact.fonction else name
    if intervention.libelle:
        return intervention.libelle
    return str(intervention.collectivite or "")


def atelier_context(atelier: Atelier) -> dict:
    """Everything a document says about the atelier, already typeset in French."""
    t = typographie
    sequences = [
        {
            "horaire": horaire_court(sequence.debut, sequence.fin),
            "debut": heure(sequence.debut),
            "type": sequence.get_type_display(),
            "titre": t(sequence.titre),
            "description": t(sequence.description),
            "intervenants": [
                t(intervenant(i) + (f"{NBSP}: {i.sujet}" if i.sujet else ""))
                for i in sequence.interventions.select_related(
                    "contact__collectivite", "contact__organisation", "collectivite"
                )
            ],
        }
        for sequence in atelier.sequences.all()
    ]
    budget = list(atelier.budget.all())
    partenaires = list(atelier.partenaires.all())
    return {
        "atelier": atelier,
        "titre": t(atelier.titre),
        "reseau": atelier.reseau.nom,
        "quand": quand(atelier),
        "date": date_longue(atelier.date),
        "horaire": plage(atelier.heure_debut, atelier.heure_fin),
        "lieu": t(lieu(atelier)),
        "point_entree": atelier.point_entree,
        "objectifs": [(t(o.intitule), t(o.description)) for o in atelier.objectifs.all()],
        "publics": publics_by_family(atelier),
        "publics_resume": ", ".join(famille for famille, _ in publics_by_family(atelier)),
        "segments": [segment.nom for segment in atelier.segments.all()],
        "hote": [p for p in partenaires if p.role == RolePartenaire.HOTE],
        "partenaires": [
            {
                "nom": p.nom,
                "role": p.get_role_display(),
                "contribution": t(p.contribution),
                "contribution_en_suite": t(p.contribution[:1].lower() + p.contribution[1:]),
            }
            for p in partenaires
        ],
        "sequences": sequences,
        # The letter names only the sequences that say something (not the welcome or the break).
        "sequences_lettre": [s for s in sequences if s["intervenants"] or s["description"]],
        "budget": [
            {
                "nature": line.get_nature_display(),
                "libelle": t(line.libelle),
                "montant": euros(line.montant),
                "financeur": line.financeur,
            }
            for line in budget
        ],
        "totaux": budget_totals(budget),
        "capacite": atelier.capacite,
        "date_limite": date_longue(atelier.date_limite_inscription)
        if atelier.date_limite_inscription
        else "",
        "ressources": t(atelier.ressources),
        "edite_le": date_longue(timezone.localdate()),
        "date_lettre": date_longue(timezone.localdate()).split(" ", 1)[1],
    }


def budget_totals(budget: list) -> list[tuple[str, str]]:
    totals: dict[str, Decimal] = {}
    for line in budget:
        totals[line.nature] = totals.get(line.nature, Decimal(0)) + line.montant
    return [(TOTAL_OF_NATURE[nature], euros(totals[nature])) for nature in NatureBudget if nature in totals]


def horaire_court(debut, fin) -> str:
    """9 h 30 – 10 h 45, as a programme's time column shows it."""
    return f"{heure(debut)}{NBSP}– {heure(fin)}" if debut and fin else heure(debut or fin)


def publics_by_family(atelier: Atelier) -> list[tuple[str, list[str]]]:
    """[(famille, [rôles])] in the order of the roles' list."""
    grouped: dict[str, list[str]] = {}
    for role in atelier.roles.all():
        # "Agent — déchets" reads "déchets" among the agents; "DGS" keeps its capitals.
        name = role.libelle.removeprefix("Agent — ")
        grouped.setdefault(role.famille, []).append(name[:1].lower() + name[1:])
    return [(PUBLICS_AU_PLURIEL[famille], roles) for famille, roles in grouped.items()]


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string of a <style> block."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return mark_safe(escaped)  # noqa: S308 — escaped for its CSS context just above


def _pdf(template: str, context: dict, pied: str) -> bytes:
    from weasyprint import HTML

    context = {**context, "pied_css": css_string(f"{context['reseau']} — {pied}")}
    return HTML(string=render_to_string(template, context)).write_pdf()


def note_cadrage_pdf(atelier: Atelier) -> bytes:
    context = atelier_context(atelier)
    return _pdf(
        "ateliers/preparation/documents/note_cadrage.html",
        context,
        f"Note de cadrage éditée le {context['edite_le']}",
    )


def programme_pdf(atelier: Atelier) -> bytes:
    return _pdf("ateliers/preparation/documents/programme.html", atelier_context(atelier), "Programme")


def invitation_pdf(atelier: Atelier, invitation: Invitation | None = None) -> bytes:
    """The invitation letter: to anyone, with the atelier's public link; or to one invitee,
    addressed to them, with their own short link and code."""
    context = {**atelier_context(atelier), **registration_access(atelier, invitation)}
    return _pdf("ateliers/preparation/documents/invitation.html", context, "Invitation")


def registration_access(atelier: Atelier, invitation: Invitation | None) -> dict:
    """How a printed letter leads to registration: a link to type and the same link as a QR
    code; for an invitee, a short link and a code without look-alike signs."""
    if invitation is None:
        link = settings.SITE_URL + reverse(
            "ateliers:inscription_publique", kwargs={"jeton": atelier.jeton_public}
        )
        return {"lien_acces": link, "qr": qr_data_uri(link)}
    link = settings.SITE_URL + reverse("lien_court", kwargs={"code": code_lisible(invitation.code)})
    return {
        "lien_acces": link,
        "qr": qr_data_uri(link),
        "code": code_lisible(invitation.code),
        "saisie_code": settings.SITE_URL + reverse("saisie_code"),
        "destinataire": addressee(invitation),
    }


def qr_data_uri(link: str) -> str:
    """The link as an SVG QR code, medium error correction (a letter gets folded and marked)."""
    return segno.make(link, error="m").svg_data_uri(scale=4, border=4)


def addressee(invitation: Invitation) -> dict:
    """The letter's address block, and how it calls its reader (« Madame », or both)."""
    contact = invitation.contact
    collectivite = invitation.collectivite
    if contact is not None and not contact.efface_le:
        lines = [f"{contact.get_civilite_display()} {contact.nom_complet}".strip(), contact.fonction]
        lines.append(str(contact.collectivite or collectivite or contact.organisation or ""))
        appel = {"Mme": "Madame", "M.": "Monsieur"}.get(contact.civilite, "Madame, Monsieur")
    else:
        lines = [f"Mairie de {collectivite.nom}" if collectivite else ""]
        appel = "Madame, Monsieur"
    return {"lignes": [line for line in lines if line], "appel": appel}


def par_ordre_alphabetique(inscriptions) -> list:
    """Registrations in the order of the feuille d'émargement: surname, then first name,
    without regard to accents or case, as people will look for their name."""
    return sorted(inscriptions, key=lambda i: (normalise(i.nom), normalise(i.prenom), i.pk or 0))


def emargement_rows(atelier: Atelier) -> list[dict]:
    """One line per confirmed registration, alphabetical, as people will look for their name."""
    inscriptions = atelier.inscriptions.filter(etat=EtatInscription.CONFIRMEE).select_related(
        "role", "collectivite"
    )
    ordered = par_ordre_alphabetique(inscriptions)
    return [
        {
            "nom": inscription.nom.upper(),
            "prenom": inscription.prenom,
            "qualite": inscription.fonction or (inscription.role.libelle if inscription.role else ""),
            "structure": str(inscription.collectivite or inscription.structure or ""),
            "sur_place": inscription.source == SourceInscription.SUR_PLACE,
        }
        for inscription in ordered
    ]


def emargement_count(rows: list[dict]) -> str:
    """« Aucune personne inscrite. », « 2 personnes inscrites, 1 personne venue sans
    inscription. »: people added on the day did not register, and are counted apart."""
    walk_ins = sum(1 for row in rows if row["sur_place"])
    inscrites = len(rows) - walk_ins
    text = (
        accord(inscrites, "personne inscrite", "personnes inscrites")
        if inscrites
        else "aucune personne inscrite"
    )
    if walk_ins:
        text += f", {accord(walk_ins, 'personne venue', 'personnes venues')} sans inscription"
    return f"{text[:1].upper()}{text[1:]}."


def emargement_pdf(atelier: Atelier) -> bytes:
    context = atelier_context(atelier)
    context["lignes"] = emargement_rows(atelier)
    context["compte"] = emargement_count(context["lignes"])
    context["vides"] = range(BLANK_LINES)
    return _pdf("ateliers/preparation/documents/emargement.html", context, "Feuille d’émargement")


def _docx(atelier: Atelier, kind: str) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    c = atelier_context(atelier)
    document = Document()
    _a4_in_french(document)
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"{kind} — {atelier.titre}"
    document.core_properties.author = c["reseau"]
    surtitle = document.add_paragraph()
    run = surtitle.add_run(f"{c['reseau']} · {kind}".upper())
    run.font.size, run.font.color.rgb, run.bold = Pt(8), RGBColor(0xB4, 0x5A, 0x00), True
    document.add_heading(c["titre"], level=0)
    document.add_paragraph(f"{c['quand'][:1].upper()}{c['quand'][1:]}\n{c['lieu']}".strip())
    if kind == "Note de cadrage":
        _docx_cadrage(document, c)
        _docx_programme(document, c, level=1)
        _docx_budget(document, c)
    else:
        _docx_programme(document, c, level=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _a4_in_french(document) -> None:
    """python-docx's template is US Letter and proofs in en-US: A4, and French everywhere."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    for language in document.styles.element.iter(qn("w:lang")):
        language.set(qn("w:val"), "fr-FR")


def _docx_cadrage(document, c: dict) -> None:
    if c["point_entree"]:
        document.add_heading("Angle d’entrée", level=1)
        document.add_paragraph(f"{c['point_entree'].nom}{NBSP}: {c['point_entree'].interet_local}")
    if c["objectifs"]:
        document.add_heading("Objectifs", level=1)
        for intitule, description in c["objectifs"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(intitule).bold = True
            if description:
                paragraph.add_run(f"{NNBSP}— {description}")
    if c["publics"] or c["segments"]:
        document.add_heading("Publics visés", level=1)
        if c["segments"]:
            document.add_paragraph(f"Collectivités{NBSP}: {', '.join(c['segments'])}.")
        for famille, roles in c["publics"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(famille[:1].upper() + famille[1:]).bold = True
            paragraph.add_run(f"{NBSP}: {', '.join(roles)}")
    if c["partenaires"]:
        document.add_heading("Organisation et partenaires", level=1)
        for p in c["partenaires"]:
            suffix = f"{NBSP}: {p['contribution']}" if p["contribution"] else ""
            document.add_paragraph(f"{p['nom']} ({p['role'].lower()}){suffix}", style="List Bullet")
    document.add_heading("Inscriptions", level=1)
    document.add_paragraph(_inscriptions_text(c))


def _docx_budget(document, c: dict) -> None:
    if c["budget"]:
        document.add_heading("Budget prévisionnel", level=1)
        table = document.add_table(rows=1, cols=4)
        table.style = "Light Grid Accent 1"
        for cell, text in zip(
            table.rows[0].cells, ("Nature", "Libellé", "Montant", "Financeur"), strict=True
        ):
            cell.text = text
        for line in c["budget"]:
            values = (line["nature"], line["libelle"], line["montant"], line["financeur"])
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        for label, total in c["totaux"]:
            document.add_paragraph(f"{label}{NBSP}: {total}")
    if c["ressources"]:
        document.add_heading("Ressources", level=1)
        document.add_paragraph(c["ressources"])


def _inscriptions_text(c: dict) -> str:
    places = f"{c['capacite']}{NBSP}places" if c["capacite"] else "Places sans limite fixée"
    limite = f", inscription avant le {c['date_limite']}" if c["date_limite"] else ""
    return f"{places}{limite}."


def _docx_programme(document, c: dict, level) -> None:
    if level:
        document.add_heading("Programme", level=level)
    for sequence in c["sequences"]:
        heading = document.add_paragraph()
        if sequence["horaire"]:
            heading.add_run(f"{sequence['horaire']}{NBSP}— ").bold = True
        heading.add_run(sequence["titre"]).bold = True
        if sequence["description"]:
            document.add_paragraph(sequence["description"])
        for speaker in sequence["intervenants"]:
            document.add_paragraph(speaker, style="List Bullet")


def note_cadrage_docx(atelier: Atelier) -> bytes:
    return _docx(atelier, "Note de cadrage")


def programme_docx(atelier: Atelier) -> bytes:
    return _docx(atelier, "Programme")


@dataclass(frozen=True)
class DocumentAtelier:
    libelle: str
    build: Callable[[Atelier], bytes]
    content_type: str


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENTS = {
    "note-de-cadrage.pdf": DocumentAtelier("Note de cadrage (PDF)", note_cadrage_pdf, PDF),
    "note-de-cadrage.docx": DocumentAtelier("Note de cadrage (Word)", note_cadrage_docx, DOCX),
    "programme.pdf": DocumentAtelier("Programme (PDF)", programme_pdf, PDF),
    "programme.docx": DocumentAtelier("Programme (Word)", programme_docx, DOCX),
    "invitation.pdf": DocumentAtelier("Lettre d'invitation (PDF)", invitation_pdf, PDF),
    "emargement.pdf": DocumentAtelier("Feuille d'émargement (PDF)", emargement_pdf, PDF),
    "atelier.ics": DocumentAtelier("Événement d'agenda (.ics)", atelier_ics, "text/calendar; charset=utf-8"),
}


def document_filename(atelier: Atelier, doc: str) -> str:
    stem, extension = doc.rsplit(".", 1)
    return f"{stem}-{slugify(atelier.titre)[:50]}-{atelier.date:%Y-%m-%d}.{extension}"
