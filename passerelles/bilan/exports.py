"""The bilan as the files funders receive: XLSX (numbers as numbers, rates as percentages),
DOCX (A4, French proofing, the réseau as author, editable) and PDF."""

import io
from decimal import Decimal
from typing import NamedTuple

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from docx.shared import Mm, Pt

from passerelles.ateliers.preparation.documents import _a4_in_french
from passerelles.core.francais import date_longue
from passerelles.core.tableurs import safe_cell

from .figures import EUROS, HEURES, LEVIER, TAUX, ecrit

TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
POURCENT, EURO, NOMBRE_DECIMAL = "0%", '#,##0 "€"', "0.00"
FORMATS = {TAUX: POURCENT, EUROS: EURO, LEVIER: NOMBRE_DECIMAL, HEURES: "0.##"}
DEMONSTRATION = "démonstration"
INCONNU = "inconnu"
AVERTISSEMENT_DEMO = (
    "Réseau de démonstration : les personnes, dossiers, objectifs et actions sont fictifs ; "
    "ses chiffres sont marqués « démonstration »."
)


def response(content: bytes, filename: str, kind: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=TYPES[kind])
    disposition = "inline" if kind == "pdf" else "attachment"
    answer["Content-Disposition"] = f'{disposition}; filename="{filename}.{kind}"'
    return answer


def _number(value):
    """A cell's value: numbers as numbers, unknown as the word."""
    if value is None:
        return INCONNU
    return float(value) if isinstance(value, Decimal) else value


# --- XLSX ---


def bilan_xlsx(bilan: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, headers, rows, formats in _sheets(bilan):
        sheet = workbook.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(sheet, value, formats.get(index)) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Nombre(NamedTuple):
    """A value whose format is its row's own (a figure in euros, another in hours)."""

    value: object
    format: str | None


def _cell(sheet, value, number_format):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Nombre):
        value, number_format = value
    if number_format and isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    return safe_cell(value)


def _sheets(bilan: dict) -> list[tuple]:
    nature = DEMONSTRATION if bilan["demonstration"] else ""
    figures = [
        [
            mission["titre"],
            f["libelle"],
            Nombre(_number(f["valeur"]), FORMATS.get(f["unite"])),
            "" if f["objectif"] is None else Nombre(_number(f["objectif"]), FORMATS.get(f["unite"])),
            "" if f["atteinte"] is None else f["atteinte"],
            nature,
            f["definition"],
        ]
        for mission in bilan["missions"]
        for f in mission["figures"]
    ]
    sheets = [_figures_sheet(figures)]
    observation = bilan["observation"]
    kinds = list(bilan["engagements"])
    columns = ["engagees", *kinds, "commencees", "arretees"]
    headers = ["Collectivités engagées", *bilan["engagements"].values(), "Commencées", "Arrêtées"]
    sheets += [
        (
            "Observation par département",
            ["Code", "Département", *headers],
            [[d["code"], d["nom"], *(d[c] for c in columns)] for d in observation["par_departement"]],
            {},
        ),
        (
            "Observation par type",
            ["Type de collectivité", *headers],
            [[d["nom"], *(d[c] for c in columns)] for d in observation["par_type"]],
            {},
        ),
        (
            "Sources des engagements",
            ["Collectivité", "Engagement", "Intitulé", "Période", "Source", "Nature"],
            [
                [s["collectivite"], s["type"], s["intitule"], s["periode"], s["source"], _fictive(s, nature)]
                for s in observation["sources"]
            ],
            {},
        ),
        _levier_sheet(bilan["levier"]),
        _ateliers_sheet(bilan),
        (
            "Participants par genre",
            ["Genre", "Participants", "Part"],
            [[g["genre"], _number(g["n"]), _number(g["part"])] for g in bilan["genres"]],
            {2: POURCENT},
        ),
        (
            "Participants par rôle",
            ["Rôle", "Participants"],
            [list(r) for r in bilan["ateliers"]["par_role"]],
            {},
        ),
        (
            "Couverture par département",
            [
                "Code",
                "Département",
                "Touchées",
                "Nouvelles",
                "Déjà engagées",
                "Existantes",
                "Taux de couverture",
            ],
            [
                [
                    c["code"],
                    c["nom"],
                    c["touchees"],
                    c["nouvelles"],
                    c["engagees"],
                    _number(c["existantes"]),
                    _number(c["taux"]),
                ]
                for c in bilan["couverture"]
            ],
            {6: POURCENT},
        ),
        _budget_sheet(bilan["budget"], bilan["valeurs"]),
        *_dossiers_sheets(bilan["dossiers"]),
        (
            "Coordination",
            ["Action", "Nature", "Partenaires", "Participants", "Description"],
            [
                [a.titre, a.get_nature_display(), a.partenaires, _number(a.participants), a.description]
                for a in bilan["coordination"]["actions"]
            ],
            {},
        ),
        (
            "Fiches",
            ["Fiche", "Créée le"],
            [
                [f.titre, timezone.localtime(f.cree_le).date().isoformat()]
                for f in bilan["ateliers"]["fiches"]
            ],
            {},
        ),
    ]
    return sheets


def _figures_sheet(rows: list[list]) -> tuple:
    headers = ["Mission", "Indicateur", "Valeur", "Objectif", "Atteinte", "Nature", "Définition"]
    return "Bilan", headers, rows, {4: POURCENT}


def _fictive(source: dict, nature: str) -> str:
    return DEMONSTRATION if source["illustratif"] else nature


def _levier_sheet(levier: dict) -> tuple:
    def line(label, value, data):
        return [
            label,
            value,
            data["retenus"],
            data["connus"],
            data["inconnus"],
            _number(data["accorde"]),
            _number(data["part"]),
            _number(data["total"]),
            _number(data["ratio"]),
        ]

    rows = [line("Ensemble", "", levier["ensemble"])]
    rows += [line("Instrument", row["nom"], row) for row in levier["par_instrument"]]
    rows += [line("Année de la décision", row["annee"], row) for row in levier["par_annee"]]
    headers = [
        "Regroupement",
        "Valeur",
        "Dossiers retenus",
        "Montants connus",
        "Montants inconnus",
        "Accordé (€)",
        "Part des collectivités (€)",
        "Total mobilisé (€)",
        "Effet levier (€ pour 1 €)",
    ]
    return "Effet levier", headers, rows, {5: EURO, 6: EURO, 7: EURO, 8: NOMBRE_DECIMAL}


def _ateliers_sheet(bilan: dict) -> tuple:
    keys = (
        "participants_presents",
        "intervenants_presents",
        "collectivites_touchees",
        "nouvelles_collectivites",
        "nouvelles_eloignees",
    )
    rows = [
        [a["titre"], a["date"], a["lieu"], *(_number(a[k]) for k in keys)]
        for a in bilan["ateliers"]["ateliers"]
    ]
    headers = [
        "Atelier",
        "Date",
        "Lieu",
        "Participants",
        "Intervenants (à part)",
        "Collectivités touchées",
        "Nouvelles",
        "dont éloignées",
    ]
    return "Ateliers", headers, rows, {}


def _budget_sheet(budget: dict, valeurs: dict) -> tuple:
    rows = [
        ["Dépenses des ateliers tenus", _number(budget["depenses"])],
        ["Recettes", _number(budget["recettes"])],
        ["Contributions en nature", _number(budget["valorisations"])],
        *([f"Recette : {name}", float(total)] for name, total in budget["financeurs"]),
    ]
    rows.append(["Exécution de l'enveloppe prévue", _number(valeurs["execution_budget"])])
    return "Budget des ateliers", ["Poste", "Montant"], rows, {1: EURO}


def _dossiers_sheets(dossiers: dict) -> list[tuple]:
    return [
        (
            "Dossiers par état",
            ["État à la fin de l'année", "Dossiers"],
            [list(r) for r in dossiers["par_etat"]],
            {},
        ),
        (
            "Dossiers par instrument",
            [
                "Instrument",
                "Accompagnés",
                "Déposés",
                "Retenus",
                "Refusés",
                "Accordé (€)",
                "Montants inconnus",
                "Effet levier (€ pour 1 €)",
            ],
            [
                [
                    d["nom"],
                    d["accompagnes"],
                    d["deposes"],
                    d["retenus"],
                    d["refuses"],
                    _number(d["levier"]["accorde"]) if d["retenus"] else "",
                    d["levier"]["inconnus"],
                    _number(d["levier"]["ratio"]) if d["retenus"] else "",
                ]
                for d in dossiers["par_instrument"]
            ],
            {5: EURO, 7: NOMBRE_DECIMAL},
        ),
        (
            "Refus et abandons",
            ["Collectivité", "Instrument", "Décision", "Date", "Raison"],
            [
                [m["collectivite"], m["instrument"], m["etat"], m["date"].isoformat(), m["motif"]]
                for m in dossiers["motifs"]
            ],
            {},
        ),
    ]


# --- DOCX ---


def bilan_docx(bilan: dict) -> bytes:
    from docx import Document
    from docx.shared import RGBColor

    reseau = bilan["reseau"].nom
    document = Document()
    _a4_in_french(document)
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"Bilan d'activité {bilan['annee']} — {reseau}"
    document.core_properties.author = reseau
    document.core_properties.language = "fr-FR"
    document.add_heading(f"Bilan d'activité {bilan['annee']}", level=0)
    document.add_paragraph(
        f"{reseau} · du {date_longue(bilan['debut'])} au {date_longue(bilan['fin'])} · "
        f"établi le {date_longue(timezone.localdate())} à partir des données enregistrées"
    )
    if bilan["demonstration"]:
        run = document.add_paragraph().add_run(AVERTISSEMENT_DEMO)
        run.bold, run.font.color.rgb = True, RGBColor(0xB4, 0x5A, 0x00)
    for mission in bilan["missions"]:
        document.add_heading(mission["titre"], level=1)
        _table(
            document,
            ["Indicateur", "Résultat", "Objectif", "Atteinte"],
            [
                [f["libelle"], f["texte"], f["objectif_texte"] or "—", f["atteinte_texte"] or "—"]
                for f in mission["figures"]
            ],
        )
        for heading, headers, rows in _details(bilan, mission["code"]):
            document.add_heading(heading, level=2)
            _table(document, headers, rows)
        definitions = document.add_paragraph()
        for f in mission["figures"]:
            definitions.add_run(f"{f['libelle']} : ").bold = True
            definitions.add_run(f"{f['definition']}\n").font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, headers: list[str], rows: list[list]) -> None:
    if not rows:
        document.add_paragraph("Rien d'enregistré pour l'année.")
        return
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    # Wide tables in a smaller type, their first column (the names) wider than the figures,
    # so that A4's width does not break words mid-letter.
    size = Pt(8) if len(headers) > 4 else None
    widths = _column_widths(len(headers))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; Word reads each cell's
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _write_cell(cell, text, size, width)
    for row in rows:
        for cell, value, width in zip(table.add_row().cells, row, widths, strict=True):
            _write_cell(cell, str(value), size, width)


def _column_widths(count: int) -> list:
    """170 mm between A4's 20 mm margins: a third for the first column when there are more
    than two."""
    if count <= 2:
        return [Mm(85)] * count
    return [Mm(56)] + [Mm(114 / (count - 1))] * (count - 1)


def _write_cell(cell, text: str, size, width) -> None:
    cell.text = text
    cell.width = width
    for run in cell.paragraphs[0].runs:
        run.font.size = size


def _details(bilan: dict, mission: str) -> list[tuple[str, list[str], list[list]]]:
    """The tables under each mission's figures, as the DOCX writes them (the page and the PDF
    write the same tables from the same dict in `bilan/_corps.html`)."""
    observation, dossiers = bilan["observation"], bilan["dossiers"]
    kinds = list(bilan["engagements"])
    if mission == "observation":
        return [
            (
                "Engagement par département",
                ["Département", "Engagées", *bilan["engagements"].values(), "Commencées", "Arrêtées"],
                [
                    [
                        f"{d['nom']} ({d['code']})",
                        d["engagees"],
                        *(d[k] for k in kinds),
                        d["commencees"],
                        d["arretees"],
                    ]
                    for d in observation["par_departement"]
                ],
            ),
            (
                "Effet levier par instrument (toutes années)",
                [
                    "Instrument",
                    "Retenus",
                    "Accordé",
                    "Part des collectivités",
                    "Effet levier",
                    "Montants inconnus",
                ],
                [
                    [
                        row["nom"],
                        row["retenus"],
                        ecrit(row["accorde"], EUROS),
                        ecrit(row["part"], EUROS),
                        ecrit(row["ratio"], LEVIER),
                        row["inconnus"],
                    ]
                    for row in bilan["levier"]["par_instrument"]
                ],
            ),
        ]
    if mission == "sensibilisation":
        return [
            (
                "Ateliers tenus",
                ["Atelier", "Date", "Participants", "Collectivités touchées", "Nouvelles"],
                [
                    [
                        a["titre"],
                        date_longue(a["detail"]["date"]),
                        ecrit(a["participants_presents"]),
                        ecrit(a["collectivites_touchees"]),
                        ecrit(a["nouvelles_collectivites"]),
                    ]
                    for a in bilan["ateliers"]["ateliers"]
                ],
            ),
            (
                "Participants par genre",
                ["Genre", "Participants", "Part"],
                [[g["genre"], ecrit(g["n"]), ecrit(g["part"], TAUX)] for g in bilan["genres"]],
            ),
            (
                "Participants par rôle",
                ["Rôle", "Participants"],
                [list(r) for r in bilan["ateliers"]["par_role"]],
            ),
            (
                "Collectivités touchées par département",
                ["Département", "Touchées", "Existantes", "Couverture", "Nouvelles"],
                [
                    [
                        f"{c['nom']} ({c['code']})",
                        c["touchees"],
                        ecrit(c["existantes"]),
                        ecrit(c["taux"], TAUX),
                        c["nouvelles"],
                    ]
                    for c in bilan["couverture"]
                ],
            ),
        ]
    if mission == "accompagnement":
        return [
            (
                "Dossiers par état à la fin de l'année",
                ["État", "Dossiers"],
                [list(r) for r in dossiers["par_etat"]],
            ),
            (
                "Dossiers par instrument",
                ["Instrument", "Accompagnés", "Déposés", "Retenus", "Refusés", "Accordé", "Effet levier"],
                [
                    [
                        d["nom"],
                        d["accompagnes"],
                        d["deposes"],
                        d["retenus"],
                        d["refuses"],
                        ecrit(d["levier"]["accorde"], EUROS) if d["retenus"] else "—",
                        ecrit(d["levier"]["ratio"], LEVIER) if d["retenus"] else "—",
                    ]
                    for d in dossiers["par_instrument"]
                ],
            ),
            (
                "Refus et abandons",
                ["Collectivité", "Instrument", "Décision", "Raison"],
                [
                    [m["collectivite"], m["instrument"], m["etat"], m["motif"]]
                    for m in bilan["extraits"]["motifs"]
                ],
            ),
        ]
    if mission == "coordination":
        return [
            (
                "Actions de coordination",
                ["Action", "Nature", "Partenaires", "Participants"],
                [
                    [a.titre, a.get_nature_display(), a.partenaires or "—", ecrit(a.participants)]
                    for a in bilan["coordination"]["actions"]
                ],
            )
        ]
    return [("Fiches rédigées", ["Fiche"], [[f.titre] for f in bilan["ateliers"]["fiches"]])]


# --- PDF ---


def bilan_pdf(bilan: dict) -> bytes:
    from weasyprint import HTML

    context = {"bilan": bilan, "avertissement": AVERTISSEMENT_DEMO, "pdf": True}
    html = render_to_string("bilan/bilan_pdf.html", context)
    return HTML(string=html).write_pdf()
