"""Where a dossier starts: the lead it follows. The page preparing a dossier is reached from
the collectivité's funding block, a relance, or a lead of an app above (an atelier's survey
answer or follow-up page, read by `ateliers.suivi.pistes`); each names itself in the address,
is read within the réseau, and is recorded on the dossier with the instrument it points to
when it points to exactly one.

Apps above register their readers here (`register`), as they do for the other registries:
this app never imports them."""

from collections.abc import Callable
from dataclasses import dataclass

from passerelles.core.francais import guillemets
from passerelles.core.saisie import id_or_none
from passerelles.leviers.models import Instrument
from passerelles.mobilisation.models import Relance

from .models import Origine


@dataclass(frozen=True)
class Piste:
    origine: str
    libelle: str = ""
    instrument: Instrument | None = None


# A reader takes the id named in the address, the réseau and the collectivité, and gives the
# lead, or None when the id is not the réseau's or is about another collectivité.
Reader = Callable[[int, object, object], Piste | None]
_READERS: dict[str, Reader] = {}


def register(parametre: str):
    def decorator(reader: Reader) -> Reader:
        _READERS[parametre] = reader
        return reader

    return decorator


def piste_of(params, *, reseau, collectivite) -> Piste:
    """The lead named by `params` (a request's GET), or « saisi directement »."""
    for parametre, reader in _READERS.items():
        pk = id_or_none(params.get(parametre))
        piste = reader(pk, reseau, collectivite) if pk is not None else None
        if piste is not None:
            return piste
    code = (params.get("instrument") or "")[:60]
    instrument = dossier_instruments().filter(code=code).first() if code else None
    if instrument is not None:
        return Piste(Origine.COLLECTIVITE, "Bloc « Financements » de la page", instrument)
    return Piste(Origine.SAISIE)


@register("relance")
def _relance(pk, reseau, collectivite) -> Piste | None:
    relance = Relance.objects.for_reseau(reseau).filter(pk=pk, collectivite=collectivite).first()
    if relance is None:
        return None
    return Piste(Origine.RELANCE, f"Relance {guillemets(relance.titre)}"[:300])


def dossier_instruments():
    return Instrument.objects.filter(prerequis_seulement=False)


def only_instrument_of(points) -> Instrument | None:
    """The instrument entry points lead to, when they lead to exactly one."""
    if not points:
        return None
    found = list(dossier_instruments().filter(points_entree__in=points).distinct()[:2])
    return found[0] if len(found) == 1 else None
