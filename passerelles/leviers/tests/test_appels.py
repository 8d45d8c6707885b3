"""The dated calls of the catalogue: shipped with their sources, unknown dates left empty,
edited by the catalogue's editors for every réseau."""

import datetime

import pytest
from django.contrib.auth.models import Group

from passerelles.leviers.catalogue import calls_and_documents_load, read_catalogue
from passerelles.leviers.models import Appel, HistoriqueCatalogue, Instrument

pytestmark = pytest.mark.django_db

SOURCE = "https://www.diplomatie.gouv.fr/fr/politique-etrangere-de-la-france/"


@pytest.fixture
def editeur(membre):
    membre.groups.add(Group.objects.get(name="Éditeur du catalogue"))
    return membre


def test_the_shipped_calls_carry_the_dates_their_sources_give():
    appel = Appel.objects.get(instrument__code="cles-en-main", nom="Appel 2024-2026")
    assert (appel.ouverture, appel.cloture) == (datetime.date(2024, 1, 10), datetime.date(2024, 4, 4))
    ficol = Appel.objects.get(instrument__code="ficol", nom="Appel à idées 2024")
    assert (ficol.ouverture, ficol.cloture) == (datetime.date(2024, 1, 4), datetime.date(2024, 9, 13))
    assert all(appel.source_url.startswith("https://") for appel in Appel.objects.all())


def test_a_date_no_source_gives_stays_empty_and_reads_date_inconnue(client_membre):
    appel = Appel.objects.get(instrument__code="cles-en-main", nom="Appel 2025")
    assert appel.ouverture is None and appel.cloture is None
    page = client_membre.get(f"/leviers/catalogue/instrument/{appel.instrument_id}/appels/").content.decode()
    assert "Appel 2025" in page and "date inconnue" in page


def test_every_one_percent_carries_the_e_apd_declaration_window():
    for code in ("un-pour-cent-eau", "un-pour-cent-energie", "un-pour-cent-dechets", "un-pour-cent-mobilite"):
        window = Appel.objects.get(instrument__code=code, nom="Déclaration e-APD 2024 (actions de 2023)")
        assert window.nature == "declaration"
        assert (window.ouverture, window.cloture) == (datetime.date(2024, 4, 15), datetime.date(2024, 5, 31))


def test_every_shipped_call_fits_its_columns():
    lengths = {f.name: f.max_length for f in Appel._meta.fields if getattr(f, "max_length", None)}
    too_long = [
        f"{entry['code']}: {call['nom']}.{name}"
        for entry in read_catalogue("instruments.yaml")
        for call in entry.get("appels") or []
        for name, value in call.items()
        if name in lengths and isinstance(value, str) and len(value) > lengths[name]
    ]
    assert too_long == []


def test_reloading_the_calls_keeps_the_dates_the_staff_corrected():
    appel = Appel.objects.get(instrument__code="cles-en-main", nom="Appel 2025")
    appel.cloture = datetime.date(2025, 3, 31)
    appel.save()
    assert calls_and_documents_load() == 0
    appel.refresh_from_db()
    assert appel.cloture == datetime.date(2025, 3, 31)


def test_a_catalogue_editor_adds_a_call_with_its_source_and_the_history_keeps_it(client, editeur):
    client.force_login(editeur)
    instrument = Instrument.objects.get(code="town-twinning")
    response = client.post(
        f"/leviers/catalogue/instrument/{instrument.pk}/appels/",
        {"nom": "Appel 2027", "nature": "appel", "cloture": "2027-02-16", "source_url": SOURCE},
    )
    assert response.status_code == 302
    appel = Appel.objects.get(instrument=instrument, nom="Appel 2027")
    assert appel.cloture == datetime.date(2027, 2, 16) and appel.ouverture is None
    assert HistoriqueCatalogue.objects.filter(objet=f"appel:{appel.pk}", avant={}).exists()


def test_an_editor_corrects_a_calls_dates_and_the_old_ones_are_kept(client, editeur):
    client.force_login(editeur)
    appel = Appel.objects.get(instrument__code="cles-en-main", nom="Appel 2025")
    response = client.post(
        f"/leviers/catalogue/appel/{appel.pk}/",
        {"nom": appel.nom, "nature": "appel", "ouverture": "2025-01-15", "source_url": appel.source_url},
    )
    assert response.status_code == 302
    appel.refresh_from_db()
    assert appel.ouverture == datetime.date(2025, 1, 15)
    assert HistoriqueCatalogue.objects.get(objet=f"appel:{appel.pk}").avant["ouverture"] is None


@pytest.mark.parametrize(
    "values, message",
    [
        (
            {"ouverture": "2027-05-01", "cloture": "2027-04-01", "source_url": SOURCE},
            "La clôture ne peut pas précéder l",
        ),
        ({"cloture": "2027-04-01"}, "Une date se donne avec sa source."),
        ({"cloture": "1er avril", "source_url": SOURCE}, "Saisissez une date valide."),
    ],
)
def test_a_call_with_bad_dates_gets_a_french_message(client, editeur, values, message):
    client.force_login(editeur)
    instrument = Instrument.objects.get(code="ficol")
    response = client.post(
        f"/leviers/catalogue/instrument/{instrument.pk}/appels/",
        {"nom": "Appel à idées 2027", "nature": "appel"} | values,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appel.objects.filter(nom="Appel à idées 2027").exists()


def test_a_member_who_is_not_an_editor_reads_the_calls_but_cannot_add_one(client_membre):
    instrument = Instrument.objects.get(code="ficol")
    url = f"/leviers/catalogue/instrument/{instrument.pk}/appels/"
    page = client_membre.get(url).content.decode()
    assert "Appel à idées 2024" in page and "Ajouter un appel" not in page
    response = client_membre.post(url, {"nom": "Appel pirate", "nature": "appel"})
    assert response.status_code == 403
    assert not Appel.objects.filter(nom="Appel pirate").exists()
