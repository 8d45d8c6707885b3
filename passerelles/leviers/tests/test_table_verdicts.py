"""The table of verdicts (verdicts.yaml) is the specification of the rules: every real
collectivité of the table, with the facts its row gives, gets exactly the verdict written for
every instrument of the catalogue, and every verdict written there is justified."""

from pathlib import Path

import pytest
import yaml

from passerelles.leviers.models import Instrument
from passerelles.leviers.profil import profile_of
from passerelles.leviers.regles import VIA, eligibility
from passerelles.mobilisation.services import fait_create
from passerelles.territoires.models import Collectivite

TABLE = yaml.safe_load((Path(__file__).parent / "verdicts.yaml").read_text(encoding="utf-8"))
ROWS = TABLE["collectivites"]


def written(verdict) -> str:
    return f"accessible via {verdict.voie}" if verdict.statut == VIA else verdict.libelle


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row["collectivite"] for row in ROWS])
def test_each_collectivite_of_the_table_gets_the_verdicts_written_for_it(row, reseau, membre):
    collectivite = Collectivite.objects.get(type=row["type"], code=row["code"])
    for fact in row.get("faits", []):
        fait_create(
            reseau=reseau,
            collectivite=collectivite,
            auteur=membre,
            intitule=fact["type"],
            source="table",
            **fact,
        )
    profil = profile_of(reseau=reseau, collectivite=collectivite)
    instruments = Instrument.objects.filter(prerequis_seulement=False)
    found = {i.code: written(eligibility(profil, i.regles)) for i in instruments}
    assert found == row["verdicts"]


def test_the_table_covers_every_kind_of_collectivite_and_every_instrument(db):
    assert len(ROWS) >= 39
    assert {row["type"] for row in ROWS} == {"commune", "epci", "departement", "region", "statut_particulier"}
    shipped = set(Instrument.objects.filter(prerequis_seulement=False).values_list("code", flat=True))
    assert all(set(row["verdicts"]) == shipped for row in ROWS)


def test_every_verdict_of_the_table_is_justified():
    for row in ROWS:
        for code, verdict in row["verdicts"].items():
            justified = (
                TABLE["hors_droit_commun"] if row.get("hors_droit_commun") else TABLE["justifications"][code]
            )
            assert verdict in justified, (row["collectivite"], code, verdict)
