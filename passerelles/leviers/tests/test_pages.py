import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.leviers.models import DetenteurCompetence, HistoriqueCatalogue, Instrument, Segment
from passerelles.mobilisation.services import etape_set
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def test_a_commune_page_gives_advice_with_routes_sources_and_no_internal_codes(client_membre):
    html = client_membre.get("/territoires/commune/18160/").content.decode()
    assert "Leviers pour Nérondes" in html
    assert "Alimentation (PAT, festival Alimenterre)" in html
    assert "inconnu : la commune, CC Pays de Nérondes ou un syndicat" in html
    assert "accessible via un programme porté par une association ou un GIP de collectivités" in html
    assert "Qui dépose : Une association ou un GIP" in html
    assert "pS-Eau — le 1 % eau" in html and "vérifié le" in html
    assert "Fiche de capitalisation Centraider, atelier de Bourges (mai 2024)" in html  # an angle's source
    assert ">éligible<" not in html
    shown = re.sub(r"<[^>]+>", " ", html.split("Leviers pour Nérondes")[1].split("</section>")[0])
    for code in ("(score", "mobilite", "energie", "dechets", "peut_deposer", "a_verifier", "accessible_via"):
        assert code not in shown


def test_a_known_newcomer_is_told_to_avoid_the_aect_framing_an_unknown_one_is_not(
    client_membre, reseau, membre
):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    assert "À éviter pour commencer" not in client_membre.get(nerondes.get_absolute_url()).content.decode()
    etape_set(reseau=reseau, collectivite=nerondes, etape="contactee", auteur=membre)
    html = client_membre.get(nerondes.get_absolute_url()).content.decode()
    assert "À éviter pour commencer : Coopération décentralisée" in html


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


def ficol_form(ficol, **changes):
    return {
        "nom": "FICOL (AFD)",
        "porteur": ficol.porteur,
        "qui_depose": ficol.qui_depose,
        "beneficiaires": ficol.beneficiaires,
        "conditions": ficol.conditions,
        "cofinancement": "70 % au plus",
        "montant_min": 200000,
        "montant_max": 1500000,
        "montants_pour": "appel 2020",
        "calendrier": "Appel 2026",
        "sources": "https://www.afd.fr/fr/la-ficol | AFD — la FICOL | éligibles et conditions",
        "verifie_le": "2026-11-26",
    } | changes


def test_only_catalogue_editors_change_the_shared_catalogue(client_membre, membre):
    ficol = Instrument.objects.get(code="ficol")
    response = client_membre.post(f"/leviers/catalogue/instrument/{ficol.pk}/", ficol_form(ficol))
    assert response.status_code == 403 and "Éditeur du catalogue" in response.content.decode()
    assert Instrument.objects.get(code="ficol").calendrier != "Appel 2026"
    assert "Modifier" not in client_membre.get("/leviers/catalogue/").content.decode()


def test_editing_the_catalogue_keeps_the_previous_version_with_person_and_reseau(
    client_membre, membre, reseau
):
    membre.groups.add(Group.objects.get(name="Éditeur du catalogue"))
    ficol = Instrument.objects.get(code="ficol")
    client_membre.post(f"/leviers/catalogue/instrument/{ficol.pk}/", ficol_form(ficol))
    ficol.refresh_from_db()
    assert ficol.calendrier == "Appel 2026"
    assert ficol.sources == [
        {
            "url": "https://www.afd.fr/fr/la-ficol",
            "titre": "AFD — la FICOL",
            "appuie": "éligibles et conditions",
        }
    ]
    history = HistoriqueCatalogue.objects.get(objet="instrument:ficol", auteur=membre)
    assert "Appel à idées annuel" in history.avant["calendrier"]
    assert history.reseau == reseau
    page = client_membre.get("/leviers/catalogue/").content.decode()
    assert "Financement « FICOL (AFD) » par" in page and f"({reseau})" in page


def test_a_source_without_a_web_address_scheme_is_refused_in_french(client_membre, membre):
    membre.groups.add(Group.objects.get(name="Éditeur du catalogue"))
    ficol = Instrument.objects.get(code="ficol")
    response = client_membre.post(
        f"/leviers/catalogue/instrument/{ficol.pk}/", ficol_form(ficol, sources="afd.fr | AFD | tout")
    )
    assert "Ligne 1 : l&#x27;adresse doit commencer par https://" in response.content.decode()


def test_the_catalogue_shows_sources_age_and_flags_what_is_old(client_membre):
    Instrument.objects.filter(code="ficol").update(verifie_le=datetime.date(2020, 1, 15))
    page = client_membre.get("/leviers/catalogue/").content.decode()
    assert "à revérifier</span> vérifié le 15 janvier 2020" in page
    assert "Liste du CAD des bénéficiaires de l&#x27;APD (OCDE)" in page
    assert "jamais vérifié" in page  # the Région's own schemes, not yet filled in


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


def test_the_builder_chooses_regions_and_departements_by_name(client_membre, reseau):
    page = client_membre.get("/leviers/segments/nouveau/").content.decode()
    assert '<option value="24">Centre-Val de Loire</option>' in page
    assert '<option value="18">Cher (18)</option>' in page
    client_membre.post(
        "/leviers/segments/nouveau/", {"nom": "Cher et Indre", "departement": ["18", "36"], "region": "24"}
    )
    segment = Segment.objects.get(reseau=reseau, nom="Cher et Indre")
    assert segment.filtres == {"departement": "18 36", "region": "24"}
    page = client_membre.get(f"/leviers/segments/{segment.pk}/").content.decode()
    assert '<option value="36" selected>Indre (36)</option>' in page
    assert "527 collectivités" in page.replace("\u202f", " ")


def test_a_segment_export_is_named_after_the_segment_and_the_day(client_membre, reseau):
    segment = Segment.objects.create(
        reseau=reseau, nom="Communes rurales du Cher", filtres={"departement": "18"}
    )
    response = client_membre.get(f"/leviers/segments/{segment.pk}/export.csv")
    today = timezone.localdate().isoformat()
    assert f'filename="segment-communes-rurales-du-cher-{today}.csv"' in response["Content-Disposition"]


def test_other_reseaux_see_the_editors_reseau_and_role_not_their_name_unless_they_agree(
    client_membre, membre, reseau, autre_reseau, client
):
    from conftest import make_member
    from passerelles.core.models import Membre

    membre.first_name, membre.last_name = "Claire", "Dubreuil"
    membre.save()
    membre.groups.add(Group.objects.get(name="Éditeur du catalogue"))
    ficol = Instrument.objects.get(code="ficol")
    client_membre.post(f"/leviers/catalogue/instrument/{ficol.pk}/", ficol_form(ficol))
    assert "Claire Dubreuil" in client_membre.get("/leviers/catalogue/").content.decode()
    client.force_login(make_member("bruno", autre_reseau))
    elsewhere = client.get("/leviers/catalogue/").content.decode()
    assert "Dubreuil" not in elsewhere
    assert f"par une personne chargée du catalogue ({reseau})" in elsewhere
    Membre.objects.filter(utilisateur=membre).update(nom_visible_autres_reseaux=True)
    assert "Claire Dubreuil" in client.get("/leviers/catalogue/").content.decode()


def test_a_taaf_district_is_shown_as_what_it_is_without_advice(client_membre):
    page = client_membre.get("/territoires/commune/98412/").content.decode()
    assert "District des Terres australes et antarctiques françaises" in page
    assert "pas de conseil" in page
    assert "Angles d&#x27;approche" not in page and "Angles d'approche" not in page


def test_a_commune_of_french_polynesia_is_advised_to_check_under_its_own_code(client_membre):
    page = client_membre.get("/territoires/commune/98735/").content.decode()
    assert "Commune de Polynésie française" in page
    assert "ordonnance n° 2007-1434" in page


def test_bobigny_page_names_its_ept_for_waste_and_water(client_membre):
    page = client_membre.get("/territoires/commune/93008/").content.decode()
    assert "l&#x27;EPT Est Ensemble" in page or "l'EPT Est Ensemble" in page
    assert "Ville de Paris" not in page.split('id="leviers"')[1]


def test_the_one_page_of_the_ville_de_paris_carries_the_advice(client_membre):
    page = client_membre.get("/territoires/statut_particulier/75C/").content.decode()
    assert 'id="leviers"' in page
    assert "Île-de-France Mobilités" in page
