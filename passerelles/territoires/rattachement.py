"""What other apps keep about a collectivité follows it when the référentiel makes several rows
of the official files one collectivité (territoires/statuts.py): a contact of the « Département
du Bas-Rhin », a stage of the commune 75056, a fact of the région 94 belong, after the import,
to the Collectivité européenne d'Alsace, the Ville de Paris, the Collectivité de Corse — whose
page is the only one left.

Each app registers, from its `AppConfig.ready`, the foreign keys that name a collectivité as an
institution (a contact's, a stage, a fact), never those that name a territory (a réseau's
région): the référentiel does not know the apps above it. A row that would break a uniqueness
(the réseau already follows the collectivité itself, or followed both Bas-Rhin and Haut-Rhin) is
left where it is and counted, for staff to merge by hand."""

from django.db import IntegrityError, transaction

_FIELDS: list[tuple[type, str]] = []


def register(model, field: str) -> None:
    if (model, field) not in _FIELDS:
        _FIELDS.append((model, field))


def carried_ids() -> dict[int, int]:
    """Id of each row carried by a collectivité with a statute of its own -> that collectivité's id."""
    from .models import Collectivite, TypeCollectivite

    carried = Collectivite.objects.filter(successeur__type=TypeCollectivite.STATUT_PARTICULIER)
    return dict(carried.values_list("id", "successeur_id"))


def reattach(carried: dict[int, int] | None = None) -> tuple[int, int]:
    """(rows moved to the collectivité, rows left on a circonscription because of a uniqueness)."""
    carried = carried_ids() if carried is None else carried
    moved = left = 0
    if not carried:
        return moved, left
    for model, field in _FIELDS:
        rows = model._base_manager.filter(**{f"{field}__in": list(carried)})
        for pk, part in rows.values_list("pk", field):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field: carried[part]})
                moved += 1
            except IntegrityError:
                left += 1
    return moved, left
