"""The rate limits' counters: atomic, shared through the database, forgotten once expired."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

from passerelles.core import compteurs
from passerelles.core.models import Compteur


@pytest.fixture
def counters():
    return caches["compteurs"]


@pytest.mark.django_db
def test_a_key_is_added_once_then_counted_up(counters):
    assert counters.add("rl:adresse", 1, 60) is True
    assert counters.add("rl:adresse", 1, 60) is False
    assert counters.incr("rl:adresse") == 2
    assert counters.incr("rl:adresse", 3) == 5
    assert counters.get("rl:adresse") == 5


@pytest.mark.django_db
def test_an_expired_count_starts_again_from_what_is_added(counters):
    counters.add("rl:adresse", 7, 0)  # expires at once
    assert counters.get("rl:adresse", "absent") == "absent"
    assert counters.add("rl:adresse", 1, 60) is True
    assert counters.get("rl:adresse") == 1


@pytest.mark.django_db
def test_counting_up_a_key_that_is_missing_or_expired_fails_as_the_limiter_expects(counters):
    # django-ratelimit takes a ValueError from incr as « count unknown » (and refuses the post).
    with pytest.raises(ValueError):
        counters.incr("rl:inconnue")
    counters.add("rl:passee", 1, 0)
    with pytest.raises(ValueError):
        counters.incr("rl:passee")


@pytest.mark.django_db
def test_a_key_longer_than_its_column_is_refused_before_the_database(counters):
    with pytest.raises(ValueError, match="more than 255"):
        counters.add("rl:" + "x" * 300, 1, 60)


@pytest.mark.django_db
def test_set_replaces_and_delete_forgets(counters):
    counters.set("rl:adresse", 4, 60)
    counters.set("rl:adresse", 9, 60)
    assert counters.get("rl:adresse") == 9
    assert counters.delete("rl:adresse") is True
    assert counters.delete("rl:adresse") is False
    counters.set("rl:toujours", 1, None)
    assert counters.get("rl:toujours") == 1


@pytest.mark.django_db
def test_expired_rows_are_deleted_at_most_once_every_few_minutes(counters, monkeypatch):
    counters.clear()
    monkeypatch.setattr(compteurs, "_next_cull", 0.0)
    counters.add("rl:a", 1, 0)
    counters.add("rl:b", 1, 0)  # the cull ran before the first add; the next is minutes away
    assert Compteur.objects.count() == 2
    monkeypatch.setattr(compteurs, "_next_cull", 0.0)
    counters.add("rl:c", 1, 60)
    assert list(Compteur.objects.values_list("nombre", flat=True)) == [1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement")
@pytest.mark.django_db(transaction=True)
def test_workers_counting_at_once_lose_no_count(counters):
    """Django's database cache reads then writes: two workers could both turn 3 into 4.
    (SQLite runs the tests in a shared in-memory base, which refuses concurrent writers.)"""
    counters.add("rl:adresse", 0, 600)
    errors = []

    def count_up():
        try:
            for _ in range(25):
                caches["compteurs"].incr("rl:adresse")
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=count_up) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == [] and counters.get("rl:adresse") == 100
