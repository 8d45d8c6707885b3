"""Figures with their definitions, as a page shows them and as PDF and XLSX files carry them."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from openpyxl import Workbook

from passerelles.core.tableurs import safe_cell

from .indicateurs import DEFINITIONS, HORIZONS_MOIS

PARTS = {"part_trop_technique", "part_trop_institutionnel"}
DIMENSIONS = {"role": "Rôle", "type": "Type de collectivité", "taille": "Taille", "ruralite": "Ruralité"}
MESURES = {
    "invites": "Invités",
    "inscrits": "Inscrits",
    "presents": "Présents",
    "absents": "Absents",
    "sans_inscription": "Sans inscription",
    "liste_attente": "Liste d'attente",
}
STATUTS = {"nouvelle": "Nouvelle", "connue": "Déjà connue", "engagee": "Déjà engagée"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pourcent(share: float | None) -> str:
    return "inconnu" if share is None else f"{round(share * 100)}\u00a0%"


def comparaison_text(group: dict) -> str:
    if not group["mesurable"]:
        return group["conclusion"]
    mine, others = group["participantes"], group["comparables"]
    return (
        f"participantes : {pourcent(mine['part'])} sur {mine['n']} ; comparables : "
        f"{pourcent(others['part'])} sur {others['n']} — {group['conclusion']}"
    )


def display(key: str, value) -> str:
    if key.startswith("progression_"):
        return comparaison_text(value)
    if value is None:
        return "inconnu"
    if key in PARTS:
        return pourcent(value)
    if key == "satisfaction_moyenne":
        return f"{value:.1f}".replace(".", ",") + "\u00a0/\u00a05"
    return f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else str(value)


def figures(indicateurs: dict) -> list[dict]:
    """Every figure of DEFINITIONS present in `indicateurs`, in order, with its definition."""
    return [
        {"cle": key, "libelle": label, "valeur": display(key, indicateurs[key]), "definition": definition}
        for key, (label, definition) in DEFINITIONS.items()
        if key in indicateurs
    ]


def comparaison_rows(courbe: list[dict]) -> list[dict]:
    """The 3- and 6-month comparisons as the page and the PDF write them."""

    def group(values: dict) -> str:
        return f"{pourcent(values['part'])} (n\u00a0=\u00a0{display('n', values['n'])})"

    return [
        {
            "mois": row["mois"],
            "participantes": group(row["participantes"]) if row["mesurable"] else "—",
            "comparables": group(row["comparables"]) if row["mesurable"] else "—",
            "conclusion": row["conclusion"],
        }
        for row in courbe
        if row["mois"] in HORIZONS_MOIS
    ]


def interets(indicateurs: dict) -> list[tuple[str, int]]:
    """Entry points the respondents said their collectivité could start with, most cited first."""
    from passerelles.leviers.models import PointEntree

    counts = indicateurs.get("points_entree_interet") or {}
    names = dict(PointEntree.objects.filter(code__in=counts).values_list("code", "nom"))
    return [(names.get(code, code), n) for code, n in counts.items()]


def _raw(key: str, value):
    if key.startswith("progression_"):
        return comparaison_text(value)
    return "inconnu" if value is None else value


def workbook_bytes(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figures_sheet(indicateurs: dict, title: str = "Indicateurs") -> tuple:
    rows = [
        [f["libelle"], _raw(f["cle"], indicateurs[f["cle"]]), f["definition"]] for f in figures(indicateurs)
    ]
    return title, ["Indicateur", "Valeur", "Définition"], rows


def progression_sheet(courbe: list[dict]) -> tuple:
    rows = [
        [
            row["mois"],
            _raw("", row["participantes"]["n"]),
            _raw("", row["participantes"]["part"]),
            _raw("", row["comparables"]["n"]),
            _raw("", row["comparables"]["part"]),
            row["conclusion"],
        ]
        for row in courbe
    ]
    headers = [
        "Mois après l'atelier",
        "Participantes (n)",
        "Part progressée",
        "Comparables (n)",
        "Part progressée (pondérée)",
        "Conclusion",
    ]
    return "Progression", headers, rows


def atelier_xlsx(indicateurs: dict) -> bytes:
    detail = detail_rows(indicateurs)
    return workbook_bytes(
        [
            figures_sheet(indicateurs),
            ("Répartition", ["Selon", "Catégorie", *MESURES.values()], detail),
            (
                "Collectivités",
                ["Collectivité présente", "Avant l'atelier"],
                [[row["nom"], STATUTS[row["statut"]]] for row in indicateurs["detail"]["collectivites"]],
            ),
            progression_sheet(indicateurs["detail"]["courbe"]),
            ("Intérêts", ["Point d'entrée cité au questionnaire", "Répondants"], interets(indicateurs)),
        ]
    )


def detail_rows(indicateurs: dict) -> list[list]:
    """Counts by role, type, size and rurality; a measure unknown overall stays unknown."""
    return [
        [
            DIMENSIONS[dimension],
            category,
            *(_raw(m, None if indicateurs[m] is None else counts[m]) for m in MESURES),
        ]
        for dimension, table in indicateurs["detail"]["par"].items()
        for category, counts in table
    ]


def tableau_xlsx(tableau: dict) -> bytes:
    keys = [key for key in DEFINITIONS if key in tableau["totaux"]]
    atelier_rows = [
        [row["titre"], row["date"], *(_raw(key, row[key]) for key in keys)] for row in tableau["ateliers"]
    ]
    return workbook_bytes(
        [
            ("Ateliers", ["Atelier", "Date", *(DEFINITIONS[key][0] for key in keys)], atelier_rows),
            figures_sheet(tableau["totaux"], title="Ensemble"),
            progression_sheet(tableau["totaux"]["detail"]["courbe"]),
        ]
    )


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
