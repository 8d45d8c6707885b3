"""The review of an imported fiche: blocks grouped by section for the screen, and the
reviewed blocks, verbatims and repair choices read back into a fiche's content."""

from ..sections import SECTIONS
from .decoupage import Bloc, Decoupage
from .reparation import Reparation, undo


def grouped(decoupage: Decoupage) -> list[tuple[str, str, list[tuple[int, Bloc, int]]]]:
    """(section key, French title, its blocks as (number in reading order, block, rows its
    text box needs)) in the order of the fiche, empty sections left out."""
    groups = {key: [] for key in SECTIONS if key != "verbatims"}
    for numero, bloc in enumerate(decoupage.blocs, start=1):
        rows = min(12, 1 + len(bloc.texte) // 45 + bloc.texte.count("\n"))
        groups[bloc.section].append((numero, bloc, max(2, rows)))
    return [(key, SECTIONS[key][0], blocs) for key, blocs in groups.items() if blocs]


def reviewed_content(data) -> dict:
    """A fiche's sections from the posted review (a QueryDict): blocks as corrected and
    moved, verbatims as corrected, and every repair the user unticked taken back."""
    refused = [
        Reparation(avant, apres)
        for index, (avant, apres) in enumerate(
            zip(data.getlist("reparation_avant"), data.getlist("reparation_apres"), strict=False)
        )
        if str(index) not in data.getlist("reparation_gardee")
    ]

    def as_written(text: str) -> str:
        for reparation in reversed(refused):  # the last repair made is the first undone
            text = undo(text, reparation)
        return text.strip()

    blocs = [
        Bloc(section, as_written(texte))
        for section, texte in zip(data.getlist("bloc_section"), data.getlist("bloc_texte"), strict=False)
        if section in SECTIONS and section != "verbatims" and texte.strip()
    ]
    verbatims = [
        {"texte": as_written(texte), "auteur": auteur.strip()}
        for texte, auteur in zip(
            data.getlist("verbatim_texte"), data.getlist("verbatim_auteur"), strict=False
        )
        if texte.strip()
    ]
    return Decoupage(blocs=blocs, verbatims=verbatims).sections()
