"""A fiche's tags as readers see them: the names of angles and funding, French labels of
the targeted types, sizes and publics, never their codes."""

from passerelles.contacts.models import FamilleRole
from passerelles.leviers.models import Instrument, PointEntree

from .forms import RURALITE, TAILLES, TYPES
from .models import Fiche

LABELS = {
    "types_collectivites": dict(TYPES),
    "tailles": dict(TAILLES),
    "ruralite": dict(RURALITE),
    "publics": dict(FamilleRole.choices),
}


def fiche_tags(fiche: Fiche) -> list[str]:
    names = {
        "points_entree": dict(PointEntree.objects.values_list("code", "nom")),
        "instruments": dict(Instrument.objects.values_list("code", "nom")),
        **LABELS,
    }
    return [
        names[field].get(code, code.replace("-", " ").replace("_", " "))
        for field in ("points_entree", "instruments", "types_collectivites", "tailles", "ruralite", "publics")
        for code in getattr(fiche, field) or []
    ]
