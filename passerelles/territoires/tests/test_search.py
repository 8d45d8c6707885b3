import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.selectors import SearchFilters, SearchPaginator, collectivite_search

T = TypeCollectivite
pytestmark = pytest.mark.django_db


def names(query: str = "", limit: int = 5, **filters) -> list[str]:
    return [c.nom for c in collectivite_search(SearchFilters(q=query, **filters))[:limit]]


def test_a_name_without_accents_finds_the_commune_and_its_cc():
    assert names("nerondes") == ["Nérondes", "CC Pays de Nérondes"]


def test_spaces_instead_of_hyphens_find_saint_etienne_first():
    assert names("saint etienne")[0] == "Saint-Étienne"
    assert names("SAINT-ÉTIENNE")[0] == "Saint-Étienne"
    assert names("st etienne")[0] == "Saint-Étienne"


def test_bourges_finds_the_commune_then_its_agglomeration():
    assert names("bourges")[:2] == ["Bourges", "CA Bourges Plus"]


def test_exact_matches_come_before_longer_names():
    found = names("tours", limit=3)
    assert found[0] == "Tours"


def test_a_full_epci_category_finds_the_epci():
    assert "CC Pays de Nérondes" in names("communaute de communes pays de nerondes")


def test_an_insee_code_finds_its_commune():
    assert names("18033") == ["Bourges"]


def test_a_siren_finds_its_epci():
    assert names("200007177") == ["CC Pays de Nérondes"]


def test_a_postal_code_finds_the_communes_it_serves():
    found = collectivite_search(SearchFilters(q="18350"))
    assert "Nérondes" in [c.nom for c in found]
    assert all("18350" in c.codes_postaux for c in found)


def test_a_departement_code_finds_the_departement():
    assert names("18") == ["Cher"]
    assert names("2A") == ["Collectivité de Corse"]  # Corse-du-Sud is one of its circonscriptions


def test_filters_narrow_by_type_and_departement():
    found = collectivite_search(SearchFilters(q="pays", type="CC", departement="18"))
    assert "CC Pays de Nérondes" in [c.nom for c in found]
    assert all(c.categorie_epci == "CC" for c in found)
    assert all(c.departement.code == "18" for c in found)


def test_population_band_keeps_communes_of_that_size():
    found = collectivite_search(SearchFilters(type="commune", departement="18", population="50000-200000"))
    assert [c.nom for c in found] == ["Bourges"]


def test_region_filter_includes_the_region_itself():
    found = collectivite_search(SearchFilters(type="region", region="24"))
    assert [c.nom for c in found] == ["Centre-Val de Loire"]


def test_inactive_collectivites_are_hidden_unless_asked():
    Collectivite.objects.filter(type=T.COMMUNE, code="18160").update(actif=False)
    assert "Nérondes" not in names("nerondes")
    assert "Nérondes" in names("nerondes", inactives=True)


def test_a_query_with_only_punctuation_lists_everything_by_population():
    assert names("--", limit=1) == ["Île-de-France"]


def test_the_search_page_renders_results_and_a_partial_for_htmx(client_membre):
    page = client_membre.get("/territoires/", {"q": "nerondes"})
    assert page.status_code == 200
    assert "CC Pays de Nérondes" in page.content.decode()
    assert "<select" in page.content.decode()
    partial = client_membre.get(
        "/territoires/", {"q": "nerondes"}, headers={"HX-Request": "true", "HX-Target": "resultats"}
    )
    assert "CC Pays de Nérondes" in partial.content.decode()
    assert "<select" not in partial.content.decode()


def test_the_search_page_counts_with_french_digit_grouping(client_membre):
    page = client_membre.get("/territoires/", {"type": "commune"})
    assert "34\u202f875 résultats" in page.content.decode()  # the official count (docs/donnees.md)


def test_the_epci_of_a_departement_are_sorted_as_a_dictionary_does():
    from passerelles.territoires.selectors import epci_of_territory

    cher = Collectivite.objects.get(type="departement", code="18")
    names = [epci.nom_normalise for epci in epci_of_territory(cher)]
    assert names == sorted(names)


TYPING = {"HX-Request": "true", "HX-Target": "resultats", "HX-Trigger": "id_q"}


def test_one_or_two_typed_letters_say_how_many_more_are_needed_without_searching(
    client_membre, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the session, the user and their réseau only
        partial = client_membre.get("/territoires/", {"q": "la"}, headers=TYPING).content.decode()
    assert "Encore une lettre : les collectivités s'affichent au fil de la frappe" in partial
    assert "Pour chercher « la » tout de suite, appuyez sur Entrée." in partial
    assert "Encore deux lettres" in client_membre.get("/territoires/", {"q": "é"}, headers=TYPING).text


def test_enter_searches_whatever_the_length_and_codes_are_searched_as_typed(client_membre):
    submitted = {"HX-Request": "true", "HX-Target": "resultats"}
    assert "résultats" in client_membre.get("/territoires/", {"q": "la"}, headers=submitted).text
    assert "Cher" in client_membre.get("/territoires/", {"q": "18"}, headers=TYPING).text
    assert "Nérondes" in client_membre.get("/territoires/", {"q": "nér"}, headers=TYPING).text


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(q=""),
        SearchFilters(q="sur"),
        SearchFilters(q="saint"),
        SearchFilters(q="nerondes"),
        SearchFilters(q="zzz"),
        SearchFilters(type="commune", departement="18"),
        SearchFilters(type="epci", region="24"),
        SearchFilters(departement="99"),
    ],
)
@pytest.mark.parametrize("counted_with_first_page", [False, True])
def test_search_pages_hold_what_a_plain_paginator_gives(filters, counted_with_first_page):
    results = collectivite_search(filters)
    for number in ("1", "2", "abc", "999"):
        ours = SearchPaginator(results, 10, counted_with_first_page=counted_with_first_page)
        plain = Paginator(results, 10).get_page(number)
        page = ours.get_page(number)
        assert [c.pk for c in page] == [c.pk for c in plain]
        assert (page.number, page.paginator.count) == (plain.number, plain.paginator.count)


def test_a_search_is_counted_with_its_first_page(django_assert_num_queries):
    search = collectivite_search(SearchFilters(q="saint"))
    with django_assert_num_queries(2):  # the page's ids and the count, then its rows
        page = SearchPaginator(search, 25, counted_with_first_page=True).get_page(1)
        listed = render_to_string("territoires/_resultats.html", {"page": page, "querystring": "q=saint"})
    assert page.paginator.count == search.count() > 25
    first = page.object_list[0]
    assert f"{first.nom}</a>" in listed and f"{first.departement.nom} ({first.departement.code})" in listed


@pytest.mark.parametrize("filters", [SearchFilters(), SearchFilters(type="commune", departement="18")])
def test_a_list_of_everything_is_counted_in_the_statement_of_its_first_page(
    filters, django_assert_num_queries
):
    listed = collectivite_search(filters)
    with django_assert_num_queries(2):  # the page's ids and the count, then its rows
        page = SearchPaginator(listed, 25).get_page(1)
    assert page.paginator.count == listed.count() > 25
    assert [c.pk for c in page] == list(listed.values_list("pk", flat=True)[:25])
