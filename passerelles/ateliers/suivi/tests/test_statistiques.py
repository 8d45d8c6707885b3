"""Intervals checked against the values Newcombe published (Statistics in Medicine, 1998:
« Two-sided confidence intervals for the single proportion », table I, method 3; « Interval
estimation for the difference between independent proportions », table II, method 10)."""

import pytest

from passerelles.ateliers.suivi.statistiques import compare, newcombe, wilson


@pytest.mark.parametrize(
    ("successes", "n", "published"),
    [
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
        (29, 29, (0.8830, 1.0)),
    ],
)
def test_wilson_interval_matches_the_published_values(successes, n, published):
    assert tuple(round(bound, 4) for bound in wilson(successes, n)) == published


@pytest.mark.parametrize(
    ("a", "b", "published"),
    [
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((6, 7), (2, 7), (0.0582, 0.8062)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
        ((0, 10), (0, 20), (-0.1611, 0.2775)),
        ((0, 10), (0, 10), (-0.2775, 0.2775)),
        ((10, 10), (0, 20), (0.6791, 1.0)),
        ((10, 10), (0, 10), (0.6075, 1.0)),
    ],
)
def test_newcombe_interval_of_a_difference_matches_the_published_values(a, b, published):
    assert tuple(round(bound, 4) for bound in newcombe(*a, *b)) == published


def test_no_interval_for_an_empty_group():
    assert wilson(0, 0) is None and newcombe(1, 2, 0, 0) is None


def test_a_difference_is_claimed_only_with_enough_members_and_an_interval_excluding_zero():
    assert compare((9, 10), (3, 10))["conclusion"] == "les participantes ont davantage progressé"
    assert compare((9, 9), (0, 30))["conclusion"] == "trop peu pour conclure"  # nine participants
    assert compare((6, 20), (4, 20))["conclusion"] == "trop peu pour conclure"  # interval spans zero
    assert compare((0, 40), (12, 40))["conclusion"] == "les participantes ont moins progressé"
    assert compare((0, 12), (0, 40))["conclusion"] == "aucun changement observé"
