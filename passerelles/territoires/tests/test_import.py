import gzip
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from passerelles.territoires import importer
from passerelles.territoires.importer import referentiel_import
from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.sources import ReferentielInvalide

from .sources import BLET, CHARLY, NERONDES, commune, epci, write_sources

T = TypeCollectivite


def snapshot_of_table() -> list[tuple]:
    return list(Collectivite.objects.order_by("id").values_list())


# --- the shipped snapshot ---------------------------------------------------------------


def test_the_snapshot_holds_all_of_france(db):
    current = Collectivite.objects.filter(actif=True)
    # The files' 34,969 communes, 109 départements and 26 régions, less the rows carried by a
    # collectivité with a statute of its own (territoires/statuts.py): Paris, Saint-Martin and
    # Saint-Barthélemy; 75, 67, 68, 2A, 2B, 972, 973, 976, 975, 977, 978; 94, 02, 03, 06, 975, 977, 978.
    assert current.filter(type=T.COMMUNE).count() == 34969 - 3
    assert current.filter(type=T.EPCI).count() == 1255
    assert current.filter(type=T.DEPARTEMENT).count() == 109 - 11
    assert current.filter(type=T.REGION).count() == 26 - 7
    assert current.filter(type=T.STATUT_PARTICULIER).count() == 9
    assert current.filter(type=T.COMMUNE, region__code="24").count() == 1754


def test_the_cc_pays_de_nerondes_has_its_twelve_communes(db):
    cc = Collectivite.objects.get(type=T.EPCI, code="200007177")
    assert cc.nom == "CC Pays de Nérondes"
    assert cc.communes_membres.count() == 12
    assert cc.population_totale == 4773
    assert cc.departement.code == "18"
    assert cc.region.code == "24"


def test_a_commune_carries_its_town_hall_density_and_position(db):
    nerondes = Collectivite.objects.get(type=T.COMMUNE, code="18160")
    assert nerondes.population_municipale == 1403
    assert nerondes.epci.code == "200007177"
    assert nerondes.densite == 5  # bourg rural
    assert nerondes.mairie_email == "mairie.nerondes@wanadoo.fr"
    assert nerondes.latitude == pytest.approx(47.0, abs=0.05)
    bourges = Collectivite.objects.get(type=T.COMMUNE, code="18033")
    assert bourges.population_municipale == 64186
    assert bourges.epci.code == "241800507"


def test_a_value_missing_from_the_sources_stays_unknown(db):
    recreated_2025 = Collectivite.objects.get(type=T.COMMUNE, code="15031")
    assert recreated_2025.latitude is None
    assert recreated_2025.densite is None or 1 <= recreated_2025.densite <= 7


def test_delegated_communes_are_attached_to_their_parent(db):
    delegated = Collectivite.objects.filter(type=T.COMMUNE_DELEGUEE)
    assert delegated.count() == 2105
    assert not delegated.filter(commune_parente__isnull=True).exists()
    marseille_1er = Collectivite.objects.get(type=T.ARRONDISSEMENT, code="13201")
    assert marseille_1er.commune_parente.nom == "Marseille"


# --- idempotence and updates ------------------------------------------------------------


def test_a_second_import_changes_nothing(db):
    before = snapshot_of_table()
    report = referentiel_import()
    assert not report.changed
    assert snapshot_of_table() == before


def test_a_small_import_creates_each_level(empty_referentiel, tmp_path):
    report = referentiel_import(directory=write_sources(tmp_path))
    assert report.counts[T.COMMUNE].created == 3
    assert report.counts[T.EPCI].created == 1
    cc = Collectivite.objects.get(type=T.EPCI, code="200007177")
    assert set(cc.communes_membres.values_list("code", flat=True)) == {"18160", "18031", "18054"}
    assert cc.population_totale == 1403 + 566 + 226


def test_complements_come_from_the_snapshot_when_the_folder_has_none(empty_referentiel, tmp_path):
    referentiel_import(directory=write_sources(tmp_path))
    assert Collectivite.objects.get(type=T.COMMUNE, code="18160").mairie_email


def test_a_newer_file_updates_names_populations_and_memberships(empty_referentiel, tmp_path):
    referentiel_import(directory=write_sources(tmp_path / "v1"))
    renamed = {**CHARLY, "nom": "Charly-sur-Yèvre", "population": 230}
    communes = [NERONDES, BLET, renamed]
    newer = write_sources(
        tmp_path / "v2",
        communes=communes,
        epcis=[
            epci("200007177", "CC Pays de Nérondes", [NERONDES, BLET]),
            epci("200000001", "CC Test", [renamed]),
        ],
    )
    report = referentiel_import(directory=newer)
    charly = Collectivite.objects.get(type=T.COMMUNE, code="18054")
    assert charly.nom == "Charly-sur-Yèvre"
    assert charly.population_municipale == 230
    assert charly.epci.code == "200000001"
    assert report.counts[T.COMMUNE].updated == 1
    assert report.counts[T.EPCI].created == 1


def test_a_commune_that_merged_is_kept_inactive(empty_referentiel, tmp_path):
    referentiel_import(directory=write_sources(tmp_path / "v1"))
    blet = Collectivite.objects.get(type=T.COMMUNE, code="18031")
    merged = {**NERONDES, "population": 1403 + 566, "anciensCodes": ["18031"]}
    delegated = {
        "code": "18031",
        "nom": "Blet",
        "type": "commune-deleguee",
        "departement": "18",
        "region": "24",
        "zone": "metro",
        "chefLieu": "18160",
    }
    newer = write_sources(tmp_path / "v2", communes=[merged, CHARLY, delegated])
    report = referentiel_import(directory=newer)

    blet.refresh_from_db()
    assert blet.actif is False
    assert blet.inactif_depuis is not None
    assert blet.successeur.code == "18160"
    assert report.counts[T.COMMUNE].deactivated == 1
    assert Collectivite.objects.get(type=T.COMMUNE_DELEGUEE, code="18031").commune_parente.code == "18160"
    assert Collectivite.objects.get(type=T.COMMUNE, code="18160").population_municipale == 1969


def test_a_commune_that_comes_back_is_reactivated(empty_referentiel, tmp_path):
    referentiel_import(directory=write_sources(tmp_path / "v1"))
    referentiel_import(directory=write_sources(tmp_path / "v2", communes=[NERONDES, BLET]))
    referentiel_import(directory=write_sources(tmp_path / "v3"))
    charly = Collectivite.objects.get(type=T.COMMUNE, code="18054")
    assert charly.actif is True
    assert charly.inactif_depuis is None


def test_importing_one_region_leaves_the_others_untouched(db, tmp_path):
    other = Collectivite.objects.get(type=T.COMMUNE, code="42218")  # Saint-Étienne
    report = referentiel_import(directory=write_sources(tmp_path), region="24")
    assert Collectivite.objects.get(pk=other.pk).actif is True
    # The small file holds 3 of the région's communes: the others leave the référentiel.
    assert report.counts[T.COMMUNE].deactivated == 1754 - 3
    assert Collectivite.objects.filter(type=T.COMMUNE, region__code="84", actif=False).count() == 0


def test_an_unknown_region_is_refused(db):
    with pytest.raises(ReferentielInvalide, match="Région 99 inconnue"):
        referentiel_import(region="99")


def table_schema() -> list:
    """The table's indexes and constraints, and on SQLite its triggers (the search index's)."""
    from django.db import connection

    table = Collectivite._meta.db_table
    with connection.cursor() as cursor:
        schema = sorted(connection.introspection.get_constraints(cursor, table).items())
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s ORDER BY name", [table]
            )
            schema.append(cursor.fetchall())
    return schema


def test_a_first_import_leaves_the_table_with_all_its_indexes(empty_referentiel, tmp_path):
    before = table_schema()
    referentiel_import(directory=write_sources(tmp_path))
    assert table_schema() == before
    assert Collectivite.objects.filter(type=T.COMMUNE, code="18160").exists()


# --- all or nothing ---------------------------------------------------------------------


def test_a_failure_while_writing_leaves_the_referentiel_as_it_was(db, tmp_path, monkeypatch):
    before = snapshot_of_table()
    original = importer._Writer._update

    def failing_update(self, type_, rows, existing):
        original(self, type_, rows, existing)
        if type_ == T.COMMUNE:
            raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Writer, "_update", failing_update)
    renamed = {**NERONDES, "nom": "Nérondes-la-Neuve"}
    with pytest.raises(RuntimeError):
        referentiel_import(directory=write_sources(tmp_path, communes=[renamed, BLET, CHARLY]))
    assert snapshot_of_table() == before


def test_a_first_import_that_fails_leaves_the_table_with_all_its_indexes(
    empty_referentiel, tmp_path, monkeypatch
):
    before = table_schema()

    def failing_link(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Writer, "_link_carried", failing_link)
    with pytest.raises(RuntimeError):
        referentiel_import(directory=write_sources(tmp_path))
    assert table_schema() == before
    assert not Collectivite.objects.exists()


@pytest.mark.parametrize(
    ("break_files", "message"),
    [
        (lambda d: (d / "epci.json").unlink(), "Fichier manquant : epci.json"),
        (
            lambda d: (d / "communes.json").write_text("[{"),
            "communes.json : JSON invalide à la ligne 1",
        ),
        (lambda d: (d / "regions.json").write_text('{"code": "24"}'), "regions.json : une liste"),
        (
            lambda d: (d / "communes.json").write_bytes(b"\xff\xfe\x00garbage"),
            "communes.json : fichier illisible",
        ),
    ],
    ids=["missing file", "invalid json", "not a list", "binary"],
)
def test_broken_files_are_refused_with_a_french_message(db, tmp_path, break_files, message):
    directory = write_sources(tmp_path)
    break_files(directory)
    before = snapshot_of_table()
    with pytest.raises(ReferentielInvalide, match=message):
        referentiel_import(directory=directory)
    assert snapshot_of_table() == before


def test_a_record_without_a_required_key_is_named(db, tmp_path):
    nameless = {key: value for key, value in BLET.items() if key != "nom"}
    directory = write_sources(tmp_path, communes=[NERONDES, nameless, CHARLY])
    with pytest.raises(ReferentielInvalide) as error:
        referentiel_import(directory=directory)
    assert str(error.value) == (
        "communes.json : clé obligatoire « nom » absente de l'enregistrement n° 2 (code 18031)."
    )


def test_an_epci_member_that_is_not_a_known_commune_is_named(db, tmp_path):
    ghost = commune("18999", "Fantôme", 10)
    directory = write_sources(
        tmp_path,
        communes=[NERONDES],
        epcis=[epci("200007177", "CC Pays de Nérondes", [NERONDES, ghost])],
    )
    with pytest.raises(ReferentielInvalide, match="commune membre 18999 .* n'est pas une commune connue"):
        referentiel_import(directory=directory)


def test_a_commune_of_an_unknown_departement_is_refused(db, tmp_path):
    stray = commune("99001", "Nulle-Part", 1, departement="99")
    with pytest.raises(ReferentielInvalide, match="département 99 .* n'existe pas"):
        referentiel_import(directory=write_sources(tmp_path, communes=[NERONDES, stray], epcis=[]))


def test_gzip_compressed_files_are_read(empty_referentiel, tmp_path):
    directory = write_sources(tmp_path)
    for path in list(directory.glob("*.json")):
        (directory / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
    referentiel_import(directory=directory)
    assert Collectivite.objects.filter(type=T.COMMUNE).count() == 3


# --- the command ------------------------------------------------------------------------


def test_the_command_prints_a_one_line_summary(empty_referentiel, tmp_path, capsys):
    call_command("import_territoires", "--from", str(write_sources(tmp_path)))
    out = capsys.readouterr().out.strip()
    assert "\n" not in out
    assert out.startswith("Référentiel importé")
    assert "Commune : 3 créé(s), 0 mis à jour, 0 désactivé(s)" in out


def test_the_command_reports_bad_input_in_french(db, tmp_path):
    directory = write_sources(tmp_path)
    (directory / "epci.json").write_text(json.dumps([{"code": "1"}]))
    with pytest.raises(CommandError, match="Import annulé, le référentiel n'a pas été modifié. epci.json"):
        call_command("import_territoires", "--from", str(directory))


def test_the_console_script_exits_non_zero_on_bad_input(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "passerelles.cli",
            "import_territoires",
            "--from",
            str(tmp_path / "absent"),
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode != 0
    assert "Dossier introuvable" in result.stderr


def test_a_value_longer_than_its_column_is_refused_before_writing(db, tmp_path):
    verbose = {**BLET, "nom": "B" * 201}
    with pytest.raises(
        ReferentielInvalide, match="communes.json : « nom » dépasse 200 caractères pour le code 18031"
    ):
        referentiel_import(directory=write_sources(tmp_path, communes=[NERONDES, verbose, CHARLY]))


def test_a_population_beyond_any_real_one_is_refused(db, tmp_path):
    inflated = {**BLET, "population": 10**12}
    with pytest.raises(
        ReferentielInvalide, match="communes.json : « population » doit être un entier positif"
    ):
        referentiel_import(directory=write_sources(tmp_path, communes=[NERONDES, inflated, CHARLY], epcis=[]))


def test_a_code_twice_in_the_same_file_is_refused(db, tmp_path):
    with pytest.raises(ReferentielInvalide, match="communes.json : l'enregistrement n° 2 .* est en double"):
        referentiel_import(directory=write_sources(tmp_path, communes=[NERONDES, NERONDES, CHARLY]))


def test_a_second_run_of_the_command_says_nothing_changed(empty_referentiel, tmp_path, capsys):
    directory = write_sources(tmp_path)
    call_command("import_territoires", "--from", str(directory))
    call_command("import_territoires", "--from", str(directory))
    assert capsys.readouterr().out.splitlines()[-1] == "Référentiel importé : déjà à jour, aucun changement."
