"""The indexed search (FTS5 on SQLite, pg_trgm on PostgreSQL) returns exactly what a plain
scan of every collectivité returns, in the same order, and keeps up with every write."""

import pytest
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.normalisation import normalise
from passerelles.territoires.selectors import SearchFilters, collectivite_search

T = TypeCollectivite
pytestmark = pytest.mark.django_db


def scanned(query: str, **filters) -> list[int]:
    """The ranking rules, written as a scan of the whole table, with no index to help."""
    words = normalise(query)
    rows = Collectivite.objects.filter(actif=True)
    for link, type_ in (("departement", T.DEPARTEMENT), ("region", T.REGION)):
        if filters.get(link):
            rows = rows.filter(Q(**{f"{link}__code": filters[link]}) | Q(type=type_, code=filters[link]))
    if query.isdigit() and len(query) == 5:
        rows = rows.filter(Q(code=query) | Q(siren=query) | Q(codes_postaux__contains=query))
        rank = Case(When(code=query, then=Value(0)), default=Value(1), output_field=IntegerField())
    else:
        for word in words.split():
            rows = rows.filter(texte_recherche__contains=f" {word}")
        rank = Case(
            When(nom_normalise=words, then=Value(0)),
            When(nom_normalise__startswith=f"{words} ", then=Value(1)),
            When(texte_recherche__contains=f" {words} ", then=Value(2)),
            When(texte_recherche__contains=f" {words}", then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    type_rank = Case(
        When(type=T.COMMUNE, then=Value(0)),
        When(type=T.EPCI, then=Value(1)),
        When(type__in=[T.DEPARTEMENT, T.REGION], then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ordered = rows.annotate(rang=rank, rang_type=type_rank).order_by(
        "rang", Coalesce("population_municipale", Value(-1)).desc(), "rang_type", "nom", "code"
    )
    return list(ordered.values_list("id", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "e",
        "la",
        "sa",
        "sur",
        "saint",
        "saint etienne",
        "st et",
        "bourges",
        "val de loire",
        "nerondes",
        "le pont",
        "cc",
        "communaute de communes",
        "zzz",
        "18350",
        "75001",
        "97411",
        "",
    ],
)
def test_the_indexed_search_returns_what_a_full_scan_returns(query):
    indexed = collectivite_search(SearchFilters(q=query))
    expected = scanned(query)
    assert indexed.count() == len(expected)
    assert [c.id for c in indexed[:25]] == expected[:25]
    assert [c.id for c in indexed[25:50]] == expected[25:50]


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("sur", {"departement": "18"}),
        ("", {"departement": "18"}),
        ("la", {"region": "24"}),
        ("", {"region": "24"}),
    ],
)
def test_filters_combine_with_the_index_as_with_a_scan(query, filters):
    indexed = collectivite_search(SearchFilters(q=query, **filters))
    assert [c.id for c in indexed] == scanned(query, **filters)


def test_a_renamed_collectivite_is_found_by_its_new_name_only():
    nerondes = Collectivite.objects.get(type=T.COMMUNE, code="18160")
    nerondes.texte_recherche = " nerondes sur yevre "
    nerondes.save()
    assert nerondes in collectivite_search(SearchFilters(q="nerondes sur yev"))
    Collectivite.objects.filter(pk=nerondes.pk).update(texte_recherche=" zorglubville ")
    assert nerondes not in collectivite_search(SearchFilters(q="nerondes"))
    assert list(collectivite_search(SearchFilters(q="zorglubvil"))) == [nerondes]


def test_a_new_collectivite_and_a_new_postal_code_are_found_at_once():
    bourges = Collectivite.objects.get(type=T.COMMUNE, code="18033")
    Collectivite.objects.filter(pk=bourges.pk).update(codes_postaux="18000 18999")
    assert list(collectivite_search(SearchFilters(q="18999"))) == [bourges]
    subdivision = Collectivite.objects.create(
        type=T.COMMUNE_DELEGUEE,
        code="18999",
        nom="Zorglubbourg",
        nom_normalise="zorglubbourg",
        texte_recherche=" zorglubbourg ",
        mis_a_jour=bourges.mis_a_jour,
    )
    assert list(collectivite_search(SearchFilters(q="zorglubb"))) == [subdivision]
    subdivision.delete()
    assert not collectivite_search(SearchFilters(q="zorglubb")).exists()


def test_with_the_statistics_an_import_refreshes_a_departement_is_read_through_its_index():
    from django.db import connection

    from passerelles.territoires.importer import _refresh_statistics

    # Earlier tests import small référentiels in rolled-back transactions: SQLite keeps the
    # statistics of those in memory, so they are taken again here, as the import does.
    _refresh_statistics()
    query = collectivite_search(SearchFilters(type="commune", departement="18"))[:25]
    sql, params = query.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "departement_id" in plan, plan


# --- the référentiel import builds the index once, and leaves it kept in step ---


def _found(query: str) -> set[str]:
    return set(collectivite_search(SearchFilters(q=query)).values_list("code", flat=True))


def test_what_an_import_writes_is_found_and_later_writes_are_still_indexed(empty_referentiel, tmp_path):
    from passerelles.territoires.importer import referentiel_import

    from .sources import write_sources

    referentiel_import(directory=write_sources(tmp_path))
    assert _found("nerondes") == {"18160", "200007177"}  # the commune and its CC
    assert _found("charly") == {"18054"}
    Collectivite.objects.filter(code="18054").update(texte_recherche=" zorglubville ")
    assert _found("charly") == set()
    assert _found("zorglub") == {"18054"}


def test_an_import_that_fails_leaves_the_index_kept_in_step(db, tmp_path, monkeypatch):
    from passerelles.territoires import importer

    from .sources import write_sources

    def failing_write(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Writer, "write", failing_write)
    with pytest.raises(RuntimeError):
        importer.referentiel_import(directory=write_sources(tmp_path))
    Collectivite.objects.filter(type=T.COMMUNE, code="18160").update(texte_recherche=" zorglubville ")
    assert _found("zorglub") == {"18160"}
    assert "18160" not in _found("nerondes")
