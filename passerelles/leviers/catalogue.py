"""Loading the shipped catalogue: entries the staff have not yet got are created; entries
already in the database are left as the staff edited them, unless a reset is asked for."""

from pathlib import Path

import yaml
from django.db import transaction
from django.forms.models import model_to_dict

from .models import HistoriqueCatalogue, Instrument, PointEntree

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
INSTRUMENT_FIELDS = (
    "nom",
    "porteur",
    "beneficiaires",
    "conditions",
    "cofinancement",
    "montant_min",
    "montant_max",
    "calendrier",
    "source",
    "verifie_le",
    "regles",
    "prerequis_seulement",
)


def _read(name: str) -> list[dict]:
    return yaml.safe_load((CATALOGUE_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def catalogue_load(*, reset: bool = False) -> dict[str, int]:
    created = {"instruments": 0, "points_entree": 0}
    instruments = _read("instruments.yaml")
    for data in instruments:
        values = {name: data.get(name) for name in INSTRUMENT_FIELDS}
        values = {
            k: ("" if v is None and k not in ("montant_min", "montant_max", "verifie_le") else v)
            for k, v in values.items()
        }
        values["prerequis_seulement"] = bool(data.get("prerequis_seulement"))
        instrument, was_created = Instrument.objects.get_or_create(code=data["code"], defaults=values)
        created["instruments"] += was_created
        if reset and not was_created:
            _record_and_update(instrument, values, f"instrument:{instrument.code}")
    by_code = {instrument.code: instrument for instrument in Instrument.objects.all()}
    for data in instruments:
        instrument = by_code[data["code"]]
        if reset or not instrument.prerequis.exists():
            instrument.prerequis.set(by_code[code] for code in data.get("prerequis", []))
    for order, data in enumerate(_read("points_entree.yaml"), start=1):
        values = {key: data[key] for key in ("nom", "interet_local", "services", "roles")} | {
            "ordre": order * 10
        }
        point, was_created = PointEntree.objects.get_or_create(code=data["code"], defaults=values)
        created["points_entree"] += was_created
        if reset and not was_created:
            _record_and_update(point, values, f"point:{point.code}")
        if was_created or reset:
            point.instruments.set(by_code[code] for code in data["instruments"])
    return created


def _record_and_update(obj, values: dict, label: str) -> None:
    HistoriqueCatalogue.objects.create(
        objet=label, avant=model_to_dict(obj, exclude=["id", "prerequis", "instruments"])
    )
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
