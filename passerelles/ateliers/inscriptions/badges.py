"""Name badges for the day: an A4 sheet of 8 or 10 badges to cut out, in the order of the
feuille d'émargement (whoever hands them out finds a name where they look for it on the list)."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import Truncator, slugify

from passerelles.ateliers.preparation.documents import par_ordre_alphabetique
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.francais import date_longue, typographie

from .models import EtatInscription, Qualite

# Two columns; four rows of tall badges, or five of shorter ones.
PAR_FEUILLE = (8, 10)
PAR_FEUILLE_DEFAUT = 8
TITRE_MAX = 90


@dataclass(frozen=True)
class Badge:
    prenom: str
    nom: str
    role: str
    collectivite: str
    qualite: str  # only when not a participant: « Intervenant·e », « Organisateur·rice »…

    @property
    def taille_nom(self) -> str:
        """The name's size class: a long name gets smaller letters rather than a cut."""
        longest = max(len(self.prenom), len(self.nom))
        return "long" if longest > 16 else "moyen" if longest > 11 else "court"


def badges_of(atelier: Atelier) -> list[Badge]:
    """One badge per confirmed registration (walk-ins added at the door included)."""
    inscriptions = atelier.inscriptions.filter(etat=EtatInscription.CONFIRMEE).select_related(
        "role", "collectivite"
    )
    return [
        Badge(
            prenom=i.prenom,
            nom=i.nom.upper(),
            role=typographie(i.fonction or (i.role.libelle if i.role else "")),
            collectivite=typographie(str(i.collectivite or i.structure or "")),
            qualite="" if i.qualite == Qualite.PARTICIPANT else i.get_qualite_display(),
        )
        for i in par_ordre_alphabetique(inscriptions)
    ]


def feuilles(badges: list, par_feuille: int) -> list[list]:
    return [badges[start : start + par_feuille] for start in range(0, len(badges), par_feuille)] or [[]]


def badges_pdf(atelier: Atelier, par_feuille: int = PAR_FEUILLE_DEFAUT) -> bytes:
    from weasyprint import HTML

    if par_feuille not in PAR_FEUILLE:
        par_feuille = PAR_FEUILLE_DEFAUT
    context = {
        "atelier": atelier,
        # Two lines of the badge's header at most.
        "titre": Truncator(typographie(atelier.titre)).chars(TITRE_MAX),
        "reseau": atelier.reseau.nom,
        "date": date_longue(atelier.date),
        "par_feuille": par_feuille,
        "feuilles": feuilles(badges_of(atelier), par_feuille),
    }
    html = render_to_string("ateliers/inscriptions/documents/badges.html", context)
    return HTML(string=html).write_pdf()


def badges_filename(atelier: Atelier) -> str:
    return f"badges-{slugify(atelier.titre)[:50].strip('-')}-{atelier.date:%Y-%m-%d}.pdf"
