"""Writing the référentiel: idempotent, transactional, and fast enough for all of France.

Rows are compared as plain tuples and written with `executemany`, because building 40,000
model instances and saving them one by one is what makes such imports slow. Only rows that
changed are written; rows that left the official files are marked inactive, never deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from passerelles.core.lots import without_cyclic_gc

from .cache import referentiel_changed
from .models import Collectivite, TypeCollectivite
from .rattachement import reattach
from .rows import FIELDS, LEVELS, LINKS, Key, Referentiel, Row, build_referentiel
from .sources import ReferentielInvalide, read_sources

SEARCH_INDEX = f"{Collectivite._meta.db_table}_fts"  # SQLite only (migration 0003)
# 32 rows of 31 values: within the 999 parameters of a statement of even an old SQLite.
ROWS_PER_INSERT = 32
LINK_COLUMNS = tuple(f"{name}_id" for name in LINKS)
# Types that other rows link to (as région, département, EPCI, parent or successor).
LINK_TARGETS = (
    TypeCollectivite.REGION,
    TypeCollectivite.DEPARTEMENT,
    TypeCollectivite.EPCI,
    TypeCollectivite.COMMUNE,
    TypeCollectivite.STATUT_PARTICULIER,
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deactivated: int = 0


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in LEVELS})
    rattaches: int = 0  # rows of other apps moved to the collectivité that carries their row
    laisses: int = 0  # left on a circonscription: moving them would break a uniqueness

    @property
    def changed(self) -> bool:
        return self.rattaches > 0 or any(
            c.created or c.updated or c.deactivated for c in self.counts.values()
        )

    def summary(self) -> str:
        if not self.changed and not self.laisses:
            return "Référentiel importé : déjà à jour, aucun changement."
        parts = [
            f"{TypeCollectivite(type_).label} : {c.created} créé(s), {c.updated} mis à jour, "
            f"{c.deactivated} désactivé(s)"
            for type_, c in self.counts.items()
            if c.created or c.updated or c.deactivated
        ]
        if self.rattaches:
            parts.append(f"{self.rattaches} fiche(s) rattachée(s) à leur collectivité à statut particulier")
        if self.laisses:
            parts.append(
                f"{self.laisses} fiche(s) laissée(s) sur une circonscription (Bas-Rhin, commune 75056…) : "
                "à fusionner à la main"
            )
        return "Référentiel importé — " + " ; ".join(parts) + "."


def referentiel_import(
    *,
    directory: Path | None = None,
    region: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import the official files (or the shipped snapshot); all or nothing.

    `progress(advance, total)` is called as rows are processed.
    """
    # The records and rows die with `_import`, before the collector is back on: still alive,
    # every one of them would be walked by its first pass (a tenth of a second).
    with without_cyclic_gc():
        report = _import(directory, region, progress or (lambda advance, total: None))
    _refresh_statistics()
    return report


def _import(directory: Path | None, region: str | None, progress) -> ImportReport:
    sources = read_sources(directory)
    if region and region not in {record["code"] for record in sources.regions}:
        raise ReferentielInvalide(f"Région {region} inconnue dans regions.json.")
    referentiel = build_referentiel(sources, region)
    _check_lengths(referentiel)
    with transaction.atomic():
        set_aside = _set_aside_indexes()
        report = _Writer(referentiel, region, progress).write()
        _restore_indexes(set_aside, rebuild_search_index=report.changed)
        transaction.on_commit(referentiel_changed)
    return report


def _set_aside_indexes() -> list[str]:
    """On SQLite, triggers keep the search index (FTS5) in step with every row written: one
    index update per row is half of a whole référentiel's import. Inside the import's
    transaction they are set aside (their definitions returned, to be restored), and the
    index is rebuilt once after the rows. So are the table's other indexes when it is empty
    (the first import, where every row is an insertion): building each once from the rows,
    a sort, costs less than 39,000 insertions into it; the unique index on (type, code),
    through which the import finds rows, stays. SQLite's DDL is transactional: an import
    that fails and rolls back leaves triggers and indexes as they were. PostgreSQL's trigram
    indexes need nothing of the kind."""
    if connection.vendor != "sqlite":
        return []
    empty = not Collectivite.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('trigger', 'index') AND tbl_name = %s AND sql IS NOT NULL",
            [Collectivite._meta.db_table],
        )
        set_aside = [
            (type_, name, sql)
            for type_, name, sql in cursor.fetchall()
            if (name.startswith(SEARCH_INDEX) if type_ == "trigger" else empty)
        ]
        for type_, name, _ in set_aside:
            cursor.execute(f"DROP {type_.upper()} {connection.ops.quote_name(name)}")
    return [sql for _, _, sql in set_aside]


def _restore_indexes(definitions: list[str], *, rebuild_search_index: bool) -> None:
    if not definitions:
        return
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)
        if rebuild_search_index:
            cursor.execute(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}) VALUES ('rebuild')")


def _refresh_statistics() -> None:
    """Let the query planner know the table as it now is: without statistics, SQLite walks
    every commune to find those of one département instead of using its index."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Collectivite._meta.db_table}")


def _check_lengths(referentiel: Referentiel) -> None:
    """Refuse values longer than their column, which PostgreSQL would reject mid-write."""
    limits = [
        (position, name, Collectivite._meta.get_field(name).max_length)
        for position, name in enumerate(FIELDS)
        if Collectivite._meta.get_field(name).max_length
    ]
    code_limit = Collectivite._meta.get_field("code").max_length
    for type_, rows in referentiel.rows.items():
        for code, row in rows.items():
            if len(code) > code_limit:
                raise ReferentielInvalide(f"{_source_file(type_, 'code')} : code « {code} » trop long.")
            for position, name, limit in limits:
                if len(row.values[position]) > limit:
                    raise ReferentielInvalide(
                        f"{_source_file(type_, name)} : « {name} » dépasse {limit} caractères "
                        f"pour le code {code}."
                    )


def _source_file(type_: str, field_name: str) -> str:
    if field_name.startswith("mairie_"):
        return "complements.csv"
    if type_ in (TypeCollectivite.REGION, TypeCollectivite.DEPARTEMENT, TypeCollectivite.EPCI):
        return {"region": "regions", "departement": "departements", "epci": "epci"}[type_] + ".json"
    return "communes.json"


class _Writer:
    def __init__(self, referentiel: Referentiel, region: str | None, progress):
        self.referentiel = referentiel
        self.region = region
        self.progress = progress
        self.report = ImportReport()
        now = timezone.now()
        # Adapted once, not once per row by the database driver.
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.today = connection.ops.adapt_datefield_value(timezone.localdate(now))
        self.table = connection.ops.quote_name(Collectivite._meta.db_table)
        self.ids: dict[Key, int] = {
            (type_, code): pk for pk, type_, code in Collectivite.objects.values_list("id", "type", "code")
        }

    def write(self) -> ImportReport:
        total = sum(len(rows) for rows in self.referentiel.rows.values())
        for type_ in LEVELS:
            rows = self.referentiel.rows[type_]
            existing = self._existing(type_)
            new = {code: row for code, row in rows.items() if code not in existing} if existing else rows
            self._insert(type_, new)
            self._update(type_, rows, existing)
            self._deactivate(type_, rows, existing)
            self.progress(len(rows), total)
        self._link_carried()
        self.report.rattaches, self.report.laisses = reattach()
        return self.report

    def _existing(self, type_: str) -> dict[str, tuple]:
        columns = ("code", "id", *FIELDS, *LINK_COLUMNS, "actif", "region_id")
        queryset = Collectivite.objects.filter(type=type_).values_list(*columns)
        return {values[0]: values[1:] for values in queryset}

    def _link_ids(self, row: Row) -> tuple:
        return tuple(map(self.ids.get, row.links))  # a missing link, None, is no key: None

    def _insert(self, type_: str, rows: dict[str, Row]) -> None:
        if not rows:
            return
        columns = ("type", "code", *FIELDS, *LINK_COLUMNS, "actif", "inactif_depuis", "mis_a_jour")
        params = [
            (type_, code, *row.values, *self._link_ids(row), row.porteuse is None, self._since(row), self.now)
            for code, row in rows.items()
        ]
        # Several rows per statement: run once per row, a statement's own work (the table's
        # sequence read and written back, among others) is a quarter of the insertions' time.
        head = f"INSERT INTO {self.table} ({self._columns(columns)}) VALUES "
        placeholders = f"({', '.join(['%s'] * len(columns))})"
        whole = len(params) - len(params) % ROWS_PER_INSERT
        if whole:
            self._executemany(
                head + ", ".join([placeholders] * ROWS_PER_INSERT),
                [
                    tuple(chain.from_iterable(params[start : start + ROWS_PER_INSERT]))
                    for start in range(0, whole, ROWS_PER_INSERT)
                ],
            )
        if whole < len(params):
            self._executemany(
                head + ", ".join([placeholders] * (len(params) - whole)),
                [tuple(chain.from_iterable(params[whole:]))],
            )
        if type_ in LINK_TARGETS:
            with connection.cursor() as cursor:  # 35,000 communes: no model layer between
                cursor.execute(f"SELECT code, id FROM {self.table} WHERE type = %s", [type_])
                self.ids.update(((type_, code), pk) for code, pk in cursor.fetchall())
        self.report.counts[type_].created += len(rows)

    def _update(self, type_: str, rows: dict[str, Row], existing: dict[str, tuple]) -> None:
        if not existing:
            return
        params = []
        for code, row in rows.items():
            if code not in existing:
                continue
            pk, *current = existing[code]
            wanted = (*row.values, *self._link_ids(row), row.porteuse is None)
            if tuple(current[: len(wanted)]) != wanted:
                params.append((*wanted, self._since(row), self.now, pk))
        if params:
            columns = (*FIELDS, *LINK_COLUMNS, "actif", "inactif_depuis", "mis_a_jour")
            assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
            self._executemany(f"UPDATE {self.table} SET {assignments} WHERE id = %s", params)
            self.report.counts[type_].updated += len(params)

    def _deactivate(self, type_: str, rows: dict[str, Row], existing: dict[str, tuple]) -> None:
        region_id = self.ids.get((TypeCollectivite.REGION, self.region)) if self.region else None
        params = []
        for code, values in existing.items():
            pk, active, row_region_id = values[0], values[-2], values[-1]
            if code in rows or not active:
                continue
            if self.region and region_id not in (pk, row_region_id):
                continue
            params.append((False, self.today, self._successor_id(type_, code), self.now, pk))
        if params:
            self._executemany(
                f"UPDATE {self.table} SET actif = %s, inactif_depuis = %s, successeur_id = %s, "
                "mis_a_jour = %s WHERE id = %s",
                params,
            )
            self.report.counts[type_].deactivated += len(params)

    def _since(self, row: Row):
        return connection.ops.adapt_datefield_value(row.depuis) if row.porteuse else None

    def _link_carried(self) -> None:
        """Rows carried by a collectivité with a statute of its own point to it as their
        successor: written once all rows exist, since some of them come before it."""
        carried = {
            (type_, code): row.porteuse
            for type_, rows in self.referentiel.rows.items()
            for code, row in rows.items()
            if row.porteuse
        }
        if not carried:
            return
        current = Collectivite.objects.filter(
            type__in={type_ for type_, _ in carried}, code__in={code for _, code in carried}
        ).values_list("id", "type", "code", "successeur_id")
        params = [
            (self.ids[carried[(type_, code)]], self.now, pk)
            for pk, type_, code, successor in current
            if (type_, code) in carried and successor != self.ids[carried[(type_, code)]]
        ]
        if params:
            self._executemany(
                f"UPDATE {self.table} SET successeur_id = %s, mis_a_jour = %s WHERE id = %s", params
            )

    def _successor_id(self, type_: str, code: str) -> int | None:
        if type_ != TypeCollectivite.COMMUNE:
            return None
        successor = self.referentiel.successors.get(code)
        return self.ids.get((TypeCollectivite.COMMUNE, successor)) if successor else None

    @staticmethod
    def _columns(columns) -> str:
        return ", ".join(connection.ops.quote_name(column) for column in columns)

    @staticmethod
    def _executemany(sql: str, params: list[tuple]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
