"""Charts drawn on the server as SVG: they show in the page and in the PDF, without
JavaScript, and say "inconnu" where a figure is unknown instead of drawing a zero.

Only SVG presentation attributes are used (no style attribute), so the pages keep a strict
Content-Security-Policy."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 560
BAR_HEIGHT = 26
GAP = 10
LABEL_WIDTH = 170
COLOURS = {
    "principal": "#4f86c6",
    "nouvelle": "#e0a030",
    "connue": "#4f86c6",
    "engagee": "#1e7a46",
    "comparables": "#8a8f96",
    "texte": "#1f2328",
}


def _number(value) -> str:
    if value is None:
        return "inconnu"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")


def _svg(height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="13">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, anchor: str = "start", fill: str = COLOURS["texte"]) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(content)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, extra: str = "") -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"{extra}/>'


DASHED = ' stroke-width="3" stroke-dasharray="6 4"'
THICK = ' stroke-width="3"'


def barres(
    title: str, rows: list[tuple[str, float | None]], colour: str = COLOURS["principal"]
) -> SafeString:
    """Horizontal bars, one per (label, value); an unknown value is written, not drawn."""
    known = [value for _, value in rows if value is not None]
    top = max(known, default=0) or 1
    body, y = [], GAP
    usable = WIDTH - LABEL_WIDTH - 70
    for label, value in rows:
        baseline = y + BAR_HEIGHT * 0.68
        body.append(_text(LABEL_WIDTH - 8, baseline, label, anchor="end"))
        length = 0 if value is None else max(usable * value / top, 1 if value else 0)
        if value is not None:
            body.append(_rect(LABEL_WIDTH, y, length, BAR_HEIGHT, colour))
        body.append(_text(LABEL_WIDTH + length + 6, baseline, _number(value)))
        y += BAR_HEIGHT + GAP
    return _svg(y, title, body)


def entonnoir(indicateurs: dict) -> SafeString:
    return barres(
        "Entonnoir : invités, inscrits, présents",
        [
            ("Invités", indicateurs["invites"]),
            ("Inscrits", indicateurs["inscrits"]),
            ("Participants présents", indicateurs["participants_presents"]),
            ("dont sans inscription", indicateurs["sans_inscription"]),
        ],
    )


def connaissance(indicateurs: dict) -> SafeString:
    """New, known and engaged collectivités as one stacked bar, with a legend."""
    parts = [
        ("Nouvelles", indicateurs["nouvelles_collectivites"], COLOURS["nouvelle"]),
        ("Déjà connues", indicateurs["deja_connues"], COLOURS["connue"]),
        ("Déjà engagées", indicateurs["deja_engagees"], COLOURS["engagee"]),
    ]
    title = "Collectivités touchées : nouvelles, déjà connues, déjà engagées"
    total = sum(value or 0 for _, value, _ in parts)
    if indicateurs["nouvelles_collectivites"] is None or not total:
        return _svg(40, title, [_text(0, 24, "Inconnu : aucune présence enregistrée.")])
    body, x, usable = [], 0.0, WIDTH - 2
    for _, value, colour in parts:
        width = usable * (value or 0) / total
        if width:
            body.append(_rect(x, 8, width, 34, colour))
            if width > 24:
                body.append(_text(x + width / 2, 30, str(value), anchor="middle", fill="#ffffff"))
        x += width
    for index, (label, value, colour) in enumerate(parts):
        y = 64 + index * 22
        body.append(_rect(0, y - 12, 14, 14, colour))
        body.append(_text(20, y, f"{label} : {value}"))
    return _svg(64 + 3 * 22, title, body)


def satisfaction(indicateurs: dict) -> SafeString:
    notes = indicateurs.get("satisfaction_notes") or {}
    rows = [(f"Note {note}", notes.get(note, notes.get(str(note), 0))) for note in range(1, 6)]
    if not indicateurs.get("repondants"):
        rows = [(label, None) for label, _ in rows]
    return barres("Satisfaction : nombre de réponses par note (1 à 5)", rows, colour=COLOURS["engagee"])


def progression(courbe: list[dict]) -> SafeString | None:
    """Share of collectivités seen progressing, month by month: participants against
    comparables. Drawn only when a difference is established at some horizon: two lines
    side by side suggest a difference, and « trop peu pour conclure » must not be drawn."""
    if not any(row["difference_etablie"] for row in courbe):
        return None
    title = "Progression observée après l'atelier : participantes et comparables"
    height, left, right, bottom, top = 230, 48, WIDTH - 20, 190, 14
    points = [row for row in courbe if row["mesurable"]]
    body = [_line(left, bottom, right, bottom, "#8a8f96")]
    for share in (0, 0.5, 1):
        y = bottom - share * (bottom - top)
        body.append(_text(left - 6, y + 4, f"{round(share * 100)} %", anchor="end"))
        body.append(_line(left, y, right, y, "#e3e6ea"))
    months = [row["mois"] for row in courbe] or [1]
    step = (right - left) / max(len(months) - 1, 1)
    for index, month in enumerate(months):
        body.append(_text(left + index * step, bottom + 18, f"{month} mois", anchor="middle"))
    for group, colour, extra in (
        ("participantes", COLOURS["principal"], THICK),
        ("comparables", COLOURS["comparables"], DASHED),
    ):
        coords = [
            (left + (row["mois"] - months[0]) * step, bottom - row[group]["part"] * (bottom - top))
            for row in points
            if row[group]["part"] is not None
        ]
        if coords:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}"{extra}/>')
    legend = height - 6
    body.append(_line(left, legend - 4, left + 24, legend - 4, COLOURS["principal"], THICK))
    body.append(_text(left + 30, legend, "Participantes"))
    body.append(_line(left + 150, legend - 4, left + 174, legend - 4, COLOURS["comparables"], DASHED))
    body.append(_text(left + 180, legend, "Comparables suivies d'aussi près"))
    return _svg(height, title, body)


def charts_of(indicateurs: dict) -> dict[str, SafeString]:
    return {
        "entonnoir": entonnoir(indicateurs),
        "connaissance": connaissance(indicateurs),
        "satisfaction": satisfaction(indicateurs),
        "progression": progression(indicateurs["detail"]["courbe"]),
    }
