"""A fiche's tags in French, as the fiche page shows them: names, never stored codes."""

from passerelles.contacts.models import FamilleRole
from passerelles.leviers.models import Instrument, PointEntree

from .forms import RURALITE, TAILLES, TYPES


def fiche_tags(fiche) -> list[tuple[str, list[str]]]:
    """(French label, values) for each tag the fiche has, in the order of the edit form."""
    points = dict(PointEntree.objects.filter(code__in=fiche.points_entree).values_list("code", "nom"))
    instruments = dict(Instrument.objects.filter(code__in=fiche.instruments).values_list("code", "nom"))
    lists = [
        ("Angles d'approche", fiche.points_entree, points),
        ("Financements", fiche.instruments, instruments),
        ("Types ciblés", fiche.types_collectivites, dict(TYPES)),
        ("Tailles ciblées", fiche.tailles, dict(TAILLES)),
        ("Ruralité", fiche.ruralite, dict(RURALITE)),
        ("Publics", fiche.publics, dict(FamilleRole.choices)),
    ]
    tags = [(label, [names.get(code, code) for code in codes]) for label, codes, names in lists if codes]
    if fiche.territoire:
        tags.append(("Territoire", [fiche.territoire]))
    if fiche.annee:
        tags.append(("Année", [str(fiche.annee)]))
    return tags
