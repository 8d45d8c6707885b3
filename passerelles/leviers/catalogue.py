"""Loading the shipped catalogue: entries the staff have not yet got are created; entries
already in the database are left as the staff edited them, unless a reset is asked for.

A data migration runs the same loader, so that a new database has the catalogue after
`migrate`; `charger_catalogue` refreshes it later."""

from pathlib import Path

import yaml
from django.apps import apps as installed_apps
from django.db import transaction
from django.forms.models import model_to_dict

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
INSTRUMENT_FIELDS = (
    "nom",
    "porteur",
    "qui_depose",
    "roles_collectivite",
    "beneficiaires",
    "conditions",
    "cofinancement",
    "montant_min",
    "montant_max",
    "montants_pour",
    "calendrier",
    "sources",
    "verifie_le",
    "regles",
    "prerequis_seulement",
    "pieces",
)
APPEL_FIELDS = ("nature", "ouverture", "cloture", "note", "source_url", "source_titre")
NULLABLE = ("montant_min", "montant_max", "verifie_le")
POINT_FIELDS = ("nom", "interet_local", "services", "roles", "sources", "verifie_le")


def read_catalogue(name: str):
    return yaml.safe_load((CATALOGUE_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def catalogue_load(*, reset: bool = False, apps=installed_apps) -> dict[str, int]:
    """`apps` is the migration state when a data migration calls this."""
    Instrument = apps.get_model("leviers", "Instrument")
    PointEntree = apps.get_model("leviers", "PointEntree")
    Historique = apps.get_model("leviers", "HistoriqueCatalogue")
    created = {"instruments": 0, "points_entree": 0}
    instruments = read_catalogue("instruments.yaml")
    # A migration's model may predate fields added later: only what it has is loaded.
    instrument_fields = _known(Instrument, INSTRUMENT_FIELDS)
    point_fields = _known(PointEntree, POINT_FIELDS)
    for data in instruments:
        values = {name: _value(name, data.get(name)) for name in instrument_fields}
        instrument, was_created = Instrument.objects.get_or_create(code=data["code"], defaults=values)
        created["instruments"] += was_created
        if reset and not was_created:
            _record_and_update(Historique, instrument, values, f"instrument:{instrument.code}")
    by_code = {instrument.code: instrument for instrument in Instrument.objects.all()}
    for data in instruments:
        instrument = by_code[data["code"]]
        if reset or not instrument.prerequis.exists():
            instrument.prerequis.set(by_code[code] for code in data.get("prerequis", []))
    if "appels" in {rel.name for rel in Instrument._meta.get_fields()}:
        created["appels"] = appels_load(instruments, by_code, reset=reset, apps=apps)
    for order, data in enumerate(read_catalogue("points_entree.yaml"), start=1):
        values = {key: _value(key, data.get(key)) for key in point_fields} | {"ordre": order * 10}
        point, was_created = PointEntree.objects.get_or_create(code=data["code"], defaults=values)
        created["points_entree"] += was_created
        if reset and not was_created:
            _record_and_update(Historique, point, values, f"point:{point.code}")
        if was_created or reset:
            point.instruments.set(by_code[code] for code in data["instruments"])
    return created


@transaction.atomic
def calls_and_documents_load(*, apps=installed_apps) -> int:
    """For a catalogue loaded before calls and documents existed: the shipped documents of
    instruments that have none, and the shipped calls the database does not have yet."""
    Instrument = apps.get_model("leviers", "Instrument")
    instruments = read_catalogue("instruments.yaml")
    by_code = {instrument.code: instrument for instrument in Instrument.objects.all()}
    for data in instruments:
        instrument = by_code.get(data["code"])
        if instrument is not None and not instrument.pieces and data.get("pieces"):
            instrument.pieces = data["pieces"]
            instrument.save(update_fields=["pieces"])
    shipped = [data for data in instruments if data["code"] in by_code]
    return appels_load(shipped, by_code, reset=False, apps=apps)


def appels_load(instruments: list[dict], by_code: dict, *, reset: bool, apps) -> int:
    """The dated calls of the shipped catalogue: a call the staff already have keeps their dates."""
    Appel = apps.get_model("leviers", "Appel")
    Historique = apps.get_model("leviers", "HistoriqueCatalogue")
    created = 0
    for data in instruments:
        for call in data.get("appels") or []:
            values = {
                name: call.get(name) or ("" if name not in ("ouverture", "cloture") else None)
                for name in APPEL_FIELDS
            }
            values["nature"] = values["nature"] or "appel"
            appel, was_created = Appel.objects.get_or_create(
                instrument=by_code[data["code"]], nom=call["nom"], defaults=values
            )
            created += was_created
            if reset and not was_created:
                _record_and_update(Historique, appel, values, f"appel:{appel.pk}")
    return created


def _known(model, names: tuple[str, ...]) -> tuple[str, ...]:
    fields = {field.name for field in model._meta.get_fields()}
    return tuple(name for name in names if name in fields)


def _value(name: str, value):
    if name == "prerequis_seulement":
        return bool(value)
    if value is None and name not in NULLABLE:
        return [] if name in ("roles_collectivite", "sources", "roles", "pieces") else ""
    return value


def _record_and_update(Historique, obj, values: dict, label: str) -> None:
    before = model_to_dict(obj, exclude=["id", "prerequis", "instruments"])
    Historique.objects.create(
        objet=label,
        avant={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in before.items()},
    )
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
