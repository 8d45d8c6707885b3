"""Figures with their definitions, as a page shows them and as PDF and XLSX files carry them."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from openpyxl import Workbook

from passerelles.core.tableurs import safe_cell

from .cible import libelle_cible
from .definitions import DEFINITIONS, FICTIF, FIGURES_ENQUETE
from .historique import CONNUE, NOUVELLE
from .progression import HORIZONS_MOIS

PARTS = {"part_trop_technique", "part_trop_institutionnel"}
DIMENSIONS = {"role": "Rôle", "type": "Type de collectivité", "taille": "Taille", "ruralite": "Ruralité"}
MESURES = {
    "invites": "Invités",
    "inscrits": "Inscrits",
    "participants_presents": "Participants présents",
    "absents": "Absents",
    "sans_inscription": "Sans inscription",
    "liste_attente": "Liste d'attente",
}
STATUTS = {"nouvelle": "Nouvelle", "connue": "Déjà connue", "engagee": "Déjà engagée"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pourcent(share: float | None) -> str:
    return "inconnu" if share is None else f"{round(share * 100)}\u00a0%"


def intervalle(ic95: list[float] | None) -> str:
    """« IC 95 % : 3 à 45 % », in points for a difference (signed)."""
    if ic95 is None:
        return "intervalle inconnu"
    low, high = (round(bound * 100) for bound in ic95)
    return f"IC 95\u00a0% : {low} à {high}\u00a0%"


def groupe_text(values: dict) -> str:
    if values["n"] is None:
        return "—"
    if not values["n"]:
        return "aucune collectivité"
    share = f"{pourcent(values['part'])}, {intervalle(values['ic95'])}"
    return f"{values['progressees']} sur {values['n']} ({share})"


def compte_text(counted: dict) -> str:
    """« 3 sur 12 (25 %, IC 95 % : 9 à 53 %) » for a count among a whole."""
    if not counted["sur"]:
        return "—"
    share = f"{pourcent(counted['part'])}, {intervalle(counted['ic95'])}"
    return f"{counted['n']} sur {counted['sur']} ({share})"


def difference_text(group: dict) -> str:
    if group["difference_ic95"] is None:
        return "—"
    low, high = (round(bound * 100) for bound in group["difference_ic95"])
    return f"de {low:+d} à {high:+d} points"


def comparaison_text(group: dict) -> str:
    if not group["mesurable"]:
        return group["conclusion"]
    return (
        f"participantes : {groupe_text(group['participantes'])} ; comparables : "
        f"{groupe_text(group['comparables'])} ; écart : {difference_text(group)} — {group['conclusion']}"
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


def fictif(indicateurs: dict, key: str) -> bool:
    """A survey figure of a demo atelier: invented, since the seed reports none."""
    return bool(indicateurs.get("enquete_fictive")) and key in FIGURES_ENQUETE


def figures(indicateurs: dict) -> list[dict]:
    """Every figure of DEFINITIONS present in `indicateurs`, in order, with its definition."""
    return [
        {
            "cle": key,
            "libelle": label,
            "valeur": display(key, indicateurs[key]),
            "definition": definition,
            "fictif": fictif(indicateurs, key),
        }
        for key, (label, definition) in DEFINITIONS.items()
        if key in indicateurs
    ]


def comparaison_rows(courbe: list[dict]) -> list[dict]:
    """The 3- and 6-month comparisons as the page and the PDF write them."""
    return [
        {
            "mois": row["mois"],
            "participantes": groupe_text(row["participantes"]),
            "comparables": groupe_text(row["comparables"]),
            "definition": row["comparables"]["definition"],
            "ecart": difference_text(row),
            "conclusion": row["conclusion"],
        }
        for row in courbe
        if row["mois"] in HORIZONS_MOIS
    ]


def croisement(indicateurs: dict) -> dict | None:
    """The 2 × 2 table as the page and the PDF show it, with the cell the atelier aimed at."""
    table = indicateurs["detail"]["croisement"]
    if table is None:
        return None
    aimed = indicateurs["detail"].get("cible")
    cible = aimed or {"nouvelle": None, "eloignee": None, "raisons": []}
    # An axis the aims do not speak of leaves both of its values possible.
    specified = cible["nouvelle"] or cible["eloignee"]
    rows = [
        (NOUVELLE, "Nouvelles pour le réseau", specified),
        (CONNUE, "Déjà connues ou engagées", specified and not cible["nouvelle"]),
    ]
    columns = [("eloignee", specified), ("active", specified and not cible["eloignee"])]
    return {
        "lignes": [
            {
                "libelle": label,
                "cases": [
                    {"n": table[row][column], "visee": bool(aimed_row and aimed_column)}
                    for column, aimed_column in columns
                ],
            }
            for row, label, aimed_row in rows
        ],
        "cible": libelle_cible(cible) if aimed else "",
        "raisons": cible["raisons"],
    }


def interets(indicateurs: dict) -> list[tuple[str, int]]:
    """Entry points the respondents said their collectivité could start with, most cited first."""
    from passerelles.leviers.models import PointEntree

    counts = indicateurs["detail"].get("interets") or {}
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
        [f["libelle"], _raw(f["cle"], indicateurs[f["cle"]]), FICTIF if f["fictif"] else "", f["definition"]]
        for f in figures(indicateurs)
    ]
    return title, ["Indicateur", "Valeur", "Nature", "Définition"], rows


def _bounds(ic95) -> list:
    return ["inconnu", "inconnu"] if ic95 is None else list(ic95)


def progression_sheet(courbe: list[dict]) -> tuple:
    rows = [
        [
            row["mois"],
            *(
                value
                for group in ("participantes", "comparables")
                for value in (
                    _raw("", row[group]["n"]),
                    _raw("", row[group]["progressees"]),
                    _raw("", row[group]["part"]),
                    *_bounds(row[group]["ic95"]),
                )
            ),
            *_bounds(row["difference_ic95"]),
            row["conclusion"],
            row["comparables"]["definition"],
        ]
        for row in courbe
    ]
    headers = ["Mois après l'atelier"]
    for group in ("Participantes", "Comparables"):
        headers += [f"{group} (n)", "Progressées (observé)", "Part", "IC 95 % bas", "IC 95 % haut"]
    headers += ["Écart IC 95 % bas", "Écart IC 95 % haut", "Conclusion", "Comparables : définition"]
    return "Progression", headers, rows


def signes_sheet(signes: list[dict]) -> tuple:
    rows = [
        [s["date"].isoformat(), s["nom"] or "", s["constat"], s["source"], s["relance__titre"] or ""]
        for s in signes
    ]
    return "Signes de changement", ["Date", "Collectivité", "Constat", "Source", "Relance"], rows


def atelier_xlsx(indicateurs: dict) -> bytes:
    detail = detail_rows(indicateurs)
    return workbook_bytes(
        [
            figures_sheet(indicateurs),
            ("Répartition", ["Selon", "Catégorie", *MESURES.values()], detail),
            (
                "Collectivités",
                ["Collectivité touchée", "Avant l'atelier", "Action internationale connue"],
                [
                    [row["nom"], STATUTS[row["statut"]], "aucune (éloignée)" if row["eloignee"] else "oui"]
                    for row in indicateurs["detail"]["collectivites"]
                ],
            ),
            progression_sheet(indicateurs["detail"]["courbe"]),
            signes_sheet(indicateurs["detail"]["signes"]),
            (
                "Intérêts",
                ["Point d'entrée cité au questionnaire", "Répondants", "Nature"],
                [
                    [name, n, FICTIF if indicateurs["enquete_fictive"] else ""]
                    for name, n in interets(indicateurs)
                ],
            ),
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
        [
            row["titre"],
            row["date"],
            *(
                f"{_raw(key, row[key])} ({FICTIF})" if fictif(row, key) else _raw(key, row[key])
                for key in keys
            ),
        ]
        for row in tableau["ateliers"]
    ]
    return workbook_bytes(
        [
            ("Ateliers", ["Atelier", "Date", *(DEFINITIONS[key][0] for key in keys)], atelier_rows),
            figures_sheet(tableau["totaux"], title="Ensemble"),
            progression_sheet(tableau["totaux"]["detail"]["courbe"]),
            signes_sheet(tableau["totaux"]["detail"]["signes"]),
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


def ligne_ce_qui_marche(group: dict) -> dict:
    """One group of ateliers (or of pooled réseaux) as the « what works » page writes it."""
    progress = group["progression_6_mois"]
    return {
        "nom": group["nom"],
        "reseaux": group.get("reseaux"),
        "ateliers": group["ateliers"],
        "touchees": group["collectivites_touchees"],
        "eloignees": compte_text(group["eloignees"]),
        "nouvelles": compte_text(group["nouvelles"]),
        "nouvelles_eloignees": compte_text(group["nouvelles_eloignees"])
        if "nouvelles_eloignees" in group
        else None,
        "satisfaction": _satisfaction_text(group),
        "fictif": group.get("enquete_fictive", False),
        "participantes": groupe_text(progress["participantes"]),
        "comparables": groupe_text(progress["comparables"]),
        "conclusion": progress["conclusion"],
    }


def _satisfaction_text(group: dict) -> str | None:
    """The mean note and how many answered; None for pooled réseaux, who share no survey."""
    if "satisfaction_moyenne" not in group:
        return None
    if group["satisfaction_moyenne"] is None:
        return "inconnu"
    return f"{display('satisfaction_moyenne', group['satisfaction_moyenne'])} ({group['repondants']} rép.)"
