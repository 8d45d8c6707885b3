import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelles.leviers.models import DetenteurCompetence, HistoriqueCatalogue, Instrument, Segment
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def test_a_commune_page_gives_advice_with_reasons(client_membre):
    html = client_membre.get("/territoires/commune/18160/").content.decode()
    assert "Leviers pour Nérondes" in html
    assert "Alimentation (PAT, festival Alimenterre)" in html
    assert "trop technique" in html
    assert "inconnu : la commune, CC Pays de Nérondes ou un syndicat" in html


def test_the_collectivite_page_makes_a_bounded_number_of_queries(client_membre):
    client_membre.get("/territoires/commune/18160/")
    with CaptureQueriesContext(connection) as queries:
        client_membre.get("/territoires/commune/18160/")
    assert len(queries) <= 40


def test_recording_who_holds_a_competence(client_membre, reseau):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    client_membre.post(
        f"/leviers/collectivite/{nerondes.pk}/competence/",
        {"competence": "eau", "qui": "autre", "autre": "Syndicat des eaux du Cher", "source": "statuts 2022"},
    )
    held = DetenteurCompetence.objects.get(reseau=reseau, collectivite=nerondes, competence="eau")
    assert held.libelle_detenteur == "Syndicat des eaux du Cher"
    assert "Syndicat des eaux du Cher" in client_membre.get(nerondes.get_absolute_url()).content.decode()


def test_editing_the_catalogue_keeps_the_previous_version(client_membre):
    ficol = Instrument.objects.get(code="ficol")
    data = {
        "nom": "FICOL (AFD)",
        "porteur": ficol.porteur,
        "beneficiaires": ficol.beneficiaires,
        "conditions": ficol.conditions,
        "cofinancement": "70 % au plus",
        "montant_min": 200000,
        "montant_max": 1500000,
        "calendrier": "Appel 2026",
        "source": ficol.source,
        "verifie_le": "2026-11-26",
    }
    client_membre.post(f"/leviers/catalogue/instrument/{ficol.pk}/", data)
    ficol.refresh_from_db()
    assert ficol.calendrier == "Appel 2026"
    assert (
        "Appel à idées annuel"
        in HistoriqueCatalogue.objects.get(objet="instrument:ficol").avant["calendrier"]
    )


def test_the_builder_counts_live_saves_and_exports(client_membre, reseau):
    partial = client_membre.get(
        "/leviers/segments/nouveau/",
        {"departement": "18", "ruralite": "rural"},
        headers={"HX-Request": "true", "HX-Target": "compte"},
    ).content.decode()
    assert "collectivités" in partial and "<form" not in partial
    response = client_membre.post(
        "/leviers/segments/nouveau/", {"nom": "Rurales du Cher", "departement": "18", "ruralite": "rural"}
    )
    segment = Segment.objects.get(reseau=reseau)
    assert response["Location"] == f"/leviers/segments/{segment.pk}/"
    assert segment.filtres == {"departement": "18", "ruralite": "rural"}
    page = client_membre.get(f"/leviers/segments/{segment.pk}/").content.decode()
    assert "Ce qu&#x27;un atelier pour ce segment devrait aborder" in page or "Ce qu'un atelier" in page
    export = client_membre.get(f"/leviers/segments/{segment.pk}/export.csv").content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("Collectivité;Type;Code officiel")
    assert len(export.splitlines()) > 100


def test_the_segment_builder_makes_a_bounded_number_of_queries(client_membre):
    params = {
        "departement": "18",
        "ruralite": "rural",
        "etape": "non_engagees",
        "centre": "Bourges",
        "rayon_km": "40",
    }
    client_membre.get("/leviers/segments/nouveau/", params)
    with CaptureQueriesContext(connection) as queries:
        client_membre.get("/leviers/segments/nouveau/", params)
    assert len(queries) <= 20
