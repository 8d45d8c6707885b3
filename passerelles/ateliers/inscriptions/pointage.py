"""Check-in actions sent by a tablet, perhaps long after they were made without a network.

Each action carries a key the tablet drew for it: a key already recorded for the atelier is
not applied again, so a sync retried after a dropped answer, or two syncs racing, change
nothing twice and add no walk-in twice. Ticks and unticks carry the tablet's clock: on one
person, the most recent action wins, wherever and whenever it was sent; an older one that
arrives later is « merged » (counted, not applied)."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from passerelles.core.journal import user_or_none

from ..preparation.models import Atelier
from . import services
from .forms import SurPlaceForm
from .models import ActionPointage, GenreAction, Inscription

MAX_ACTIONS = 2000  # a day's check-in of a large atelier, with room to spare


class Statut:
    APPLIQUEE = "appliquee"
    DEJA_APPLIQUEE = "deja_appliquee"
    FUSIONNEE = "fusionnee"  # a more recent action on the same person won
    REFUSEE = "refusee"


@dataclass
class Action:
    cle: uuid.UUID
    genre: str
    horodate: datetime.datetime
    inscription_id: int | None = None
    ajout: uuid.UUID | None = None  # a tick of a walk-in added offline, known by its key
    champs: dict = field(default_factory=dict)


@dataclass
class Resultat:
    cle: str
    statut: str
    inscription: int | None = None
    erreur: str = ""


class ActionsIllisibles(ValueError):
    """The batch is not what the check-in page sends; its message is for the person."""


def parse(payload, *, now=None) -> list[Action]:
    """The batch as the page sends it: {"actions": [{"cle", "genre", "le" (ms since 1970),
    "inscription" or "ajout", "champs"}]}. The tablet's clock is trusted, except that no
    action is taken to come from the future (a tablet set a day ahead would always win)."""
    now = now or timezone.now()
    raw = payload.get("actions") if isinstance(payload, dict) else None
    if not isinstance(raw, list):
        raise ActionsIllisibles("Envoi illisible : la liste des actions manque.")
    if len(raw) > MAX_ACTIONS:
        raise ActionsIllisibles(f"Trop d'actions à la fois (au plus {MAX_ACTIONS}).")
    return [_action(item, now) for item in raw]


def _action(item, now) -> Action:
    try:
        genre = item["genre"]
        if genre not in GenreAction.values:
            raise ValueError(genre)
        stamp = datetime.datetime.fromtimestamp(int(item["le"]) / 1000, tz=datetime.UTC)
        ajout = item.get("ajout")
        champs = item.get("champs") or {}
        if not isinstance(champs, dict):
            raise TypeError("champs")
        return Action(
            cle=uuid.UUID(str(item["cle"])),
            genre=genre,
            horodate=min(stamp, now),
            inscription_id=_row_id(item.get("inscription")),
            ajout=uuid.UUID(str(ajout)) if ajout else None,
            champs={str(name): str(value)[:300] for name, value in champs.items()},
        )
    except (KeyError, TypeError, ValueError, OverflowError, OSError) as exc:
        raise ActionsIllisibles("Envoi illisible : une action est incomplète ou mal formée.") from exc


def _row_id(value) -> int | None:
    """A row id as the database takes it (a bigint), or a ValueError."""
    if value is None:
        return None
    number = int(value)
    if not 0 < number < 2**63:
        raise ValueError(value)
    return number


def synchronize(*, atelier, actions: list[Action], auteur) -> list[Resultat]:
    """Applies what was not applied yet, walk-ins first (a tick may name one), in one
    transaction that holds the atelier, so that two tablets' syncs take turns."""
    with transaction.atomic():
        atelier = Atelier.objects.select_for_update().get(pk=atelier.pk)
        done = dict(
            ActionPointage.objects.filter(atelier=atelier, cle__in=[a.cle for a in actions]).values_list(
                "cle", "inscription_id"
            )
        )
        results = {cle: Resultat(str(cle), Statut.DEJA_APPLIQUEE, pk) for cle, pk in done.items()}
        fresh = list({a.cle: a for a in actions if a.cle not in done}.values())
        walk_ins = [a for a in fresh if a.genre == GenreAction.SUR_PLACE]
        results |= {a.cle: _walk_in(atelier, a, auteur) for a in sorted(walk_ins, key=_by_time)}
        added = dict(done) | {
            cle: result.inscription for cle, result in results.items() if result.statut == Statut.APPLIQUEE
        }
        ticks = [a for a in fresh if a.genre != GenreAction.SUR_PLACE]
        results |= _ticks(atelier, ticks, added, auteur)
        ActionPointage.objects.bulk_create(
            [
                _record(atelier, action, results[action.cle].inscription)
                for action in fresh
                if results[action.cle].statut != Statut.REFUSEE
            ]
        )
    return [results[a.cle] for a in actions]


def _by_time(action: Action):
    return (action.horodate, str(action.cle))


def _record(atelier, action: Action, inscription_id) -> ActionPointage:
    return ActionPointage(
        reseau_id=atelier.reseau_id,
        atelier=atelier,
        cle=action.cle,
        genre=action.genre,
        inscription_id=inscription_id,
        horodate=action.horodate,
    )


def _walk_in(atelier, action: Action, auteur) -> Resultat:
    form = SurPlaceForm(action.champs)
    if not form.is_valid():
        errors = " ".join(message for messages in form.errors.values() for message in messages)
        return Resultat(str(action.cle), Statut.REFUSEE, erreur=errors)
    inscription, _ = services.inscription_sur_place(
        atelier=atelier, personne=form.personne(), auteur=auteur, qualite=form.cleaned_data["qualite"]
    )
    Inscription.objects.filter(pk=inscription.pk).update(
        arrive_le=action.horodate, pointage_horodate=action.horodate
    )
    return Resultat(str(action.cle), Statut.APPLIQUEE, inscription.pk)


def _ticks(atelier, ticks: list[Action], added: dict, auteur) -> dict:
    """Per person, the actions in the order of the tablets' clocks: each one later than what
    the server holds is applied (only the last is written), an earlier one is merged."""
    for action in ticks:
        if action.ajout is not None:
            action.inscription_id = added.get(action.ajout)
    wanted = {a.inscription_id for a in ticks if a.inscription_id is not None}
    held = dict(services.actives(atelier).filter(pk__in=wanted).values_list("pk", "pointage_horodate"))
    results, last = {}, {}
    for action in sorted(ticks, key=_by_time):
        pk = action.inscription_id
        if pk not in held:
            results[action.cle] = Resultat(
                str(action.cle),
                Statut.REFUSEE,
                pk,
                "Cette personne n'est pas (ou plus) inscrite à l'atelier.",
            )
        elif held[pk] is not None and action.horodate < held[pk]:
            results[action.cle] = Resultat(str(action.cle), Statut.FUSIONNEE, pk)
        else:
            held[pk] = action.horodate
            last[pk] = action
            results[action.cle] = Resultat(str(action.cle), Statut.APPLIQUEE, pk)
    for pk, action in last.items():
        _write_presence(pk, action, auteur)
    return results


def _write_presence(pk: int, action: Action, auteur) -> None:
    present = action.genre == GenreAction.PRESENCE
    Inscription.objects.filter(pk=pk).update(
        present=present,
        arrive_le=action.horodate if present else None,
        pointe_par=user_or_none(auteur) if present else None,
        pointage_horodate=action.horodate,
    )


def liste(atelier) -> list[dict]:
    """Everyone the check-in page may tick, as it keeps them to work without a network."""
    rows = services.actives(atelier).order_by("nom", "prenom", "id")
    columns = ("id", "prenom", "nom", "etat", "source", "present", "jeton_accueil")
    names = ("collectivite__nom", "structure", "role__libelle")
    return [_row(values) for values in rows.values(*columns, *names)]


def _row(values: dict) -> dict:
    qui = values["collectivite__nom"] or values["structure"]
    role = values["role__libelle"]
    return {
        "id": values["id"],
        "nom": " ".join(part for part in (values["prenom"], values["nom"]) if part),
        "tri": f"{values['nom']} {values['prenom']}",  # the feuille d'émargement's order
        "qui": f"{qui} · {role}" if qui and role else qui or role or "",
        "attente": values["etat"] == "attente",
        "sur_place": values["source"] == "sur_place",
        "present": values["present"],
        "code": values["jeton_accueil"],
    }
