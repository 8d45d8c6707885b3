import pytest

from conftest import make_member

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_reseau_territory(client_membre):
    page = client_membre.get("/").content.decode()
    assert "CENTRAIDER" in page
    assert "Centre-Val de Loire" in page
    assert "1\u202f754" in page  # communes of the région
    for departement in ("18 – Cher", "36 – Indre", "45 – Loiret"):
        assert departement in page


def test_each_reseau_sees_its_own_territory(client, autre_reseau):
    client.force_login(make_member("ana", autre_reseau))
    page = client.get("/").content.decode()
    assert "Auvergne-Rhône-Alpes" in page
    assert "18 – Cher" not in page


def test_a_user_without_reseau_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("orphelin", password="x"))
    assert "rattaché à aucun réseau" in client.get("/").content.decode()


def test_the_dashboard_grows_with_each_capability(client_membre, reseau, membre):
    import datetime

    from passerelles.mobilisation.models import Relance

    Relance.objects.create(reseau=reseau, titre="x", echeance=datetime.date(2020, 1, 1), responsable=membre)
    page = client_membre.get("/").content.decode()
    for legend in (
        "collectivités engagées",
        "de mes relances en retard",
        "fiches de capitalisation",
        "contacts connus",
    ):
        assert legend in page
