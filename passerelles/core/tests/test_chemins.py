"""A path reversed once per process is the path `reverse` gives, for every token and under
any script prefix."""

import secrets

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from passerelles.core.chemins import token_path

VIEWS = ["ateliers:inscription_gerer", "courriels:desabonnement"]


@pytest.fixture
def sous_prefixe():
    set_script_prefix("/reseau/")
    yield
    clear_script_prefix()


@pytest.mark.parametrize("viewname", VIEWS)
def test_a_token_path_is_the_path_reverse_gives(viewname):
    for token in [secrets.token_urlsafe(24) for _ in range(50)] + ["a" * 16, "-" * 64, "_x-Y_" * 4]:
        assert token_path(viewname, token) == reverse(viewname, kwargs={"jeton": token})


def test_an_unsubscribe_token_keeps_its_colon():
    token = "123:" + secrets.token_urlsafe(32)
    assert token_path("courriels:desabonnement", token) == reverse(
        "courriels:desabonnement", kwargs={"jeton": token}
    )


@pytest.mark.parametrize("viewname", VIEWS)
def test_a_token_path_follows_the_script_prefix(viewname, sous_prefixe):
    token = secrets.token_urlsafe(24)
    assert token_path(viewname, token).startswith("/reseau/")
    assert token_path(viewname, token) == reverse(viewname, kwargs={"jeton": token})
