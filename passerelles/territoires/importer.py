"""Writing the référentiel: idempotent, transactional, and fast enough for all of France.

Rows are compared as plain tuples and written with `executemany`, because building 40,000
model instances and saving them one by one is what makes such imports slow. Only rows that
changed are written; rows that left the official files are marked inactive, never deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
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
    with without_cyclic_gc():
        sources = read_sources(directory)
        if region and region not in {record["code"] for record in sources.regions}:
            raise ReferentielInvalide(f"Région {region} inconnue dans regions.json.")
        referentiel = build_referentiel(sources, region)
        _check_lengths(referentiel)
        with transaction.atomic():
            triggers = _suspend_search_index()
            report = _Writer(referentiel, region, progress or (lambda advance, total: None)).write()
            _restore_search_index(triggers, rebuild=report.changed)
            transaction.on_commit(referentiel_changed)
        _refresh_statistics()
        return report


def _suspend_search_index() -> list[str]:
    """On SQLite, triggers keep the search index (FTS5) in step with every row written: one
    index update per row is half of a whole référentiel's import. Inside the import's
    transaction they are set aside (returned, to be restored), and the index is rebuilt once
    after the rows. SQLite's DDL is transactional: an import that fails and rolls back leaves
    the triggers as they were. PostgreSQL's trigram indexes need nothing of the kind."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [Collectivite._meta.db_table],
        )
        triggers = [(name, sql) for name, sql in cursor.fetchall() if name.startswith(SEARCH_INDEX)]
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    return [sql for _, sql in triggers]


def _restore_search_index(triggers: list[str], *, rebuild: bool) -> None:
    if not triggers:
        return
    with connection.cursor() as cursor:
        for definition in triggers:
            cursor.execute(definition)
        if rebuild:
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
            self._insert(type_, {code: row for code, row in rows.items() if code not in existing})
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
        return tuple(self.ids.get(key) if key else None for key in row.links)

    def _insert(self, type_: str, rows: dict[str, Row]) -> None:
        if not rows:
            return
        columns = ("type", "code", *FIELDS, *LINK_COLUMNS, "actif", "inactif_depuis", "mis_a_jour")
        params = [
            (type_, code, *row.values, *self._link_ids(row), row.porteuse is None, self._since(row), self.now)
            for code, row in rows.items()
        ]
        self._executemany(
            f"INSERT INTO {self.table} ({self._columns(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            params,
        )
        if type_ in LINK_TARGETS:
            for code, pk in Collectivite.objects.filter(type=type_).values_list("code", "id"):
                self.ids[(type_, code)] = pk
        self.report.counts[type_].created += len(rows)

    def _update(self, type_: str, rows: dict[str, Row], existing: dict[str, tuple]) -> None:
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
