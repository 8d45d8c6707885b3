import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.contacts.models import Contact
from passerelles.mobilisation import services
from passerelles.mobilisation.models import FaitEngagement, Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def commune(code):
    return Collectivite.objects.get(type="commune", code=code)


def test_which_communes_of_the_cher_have_a_twinning_but_no_cooperation_and_whom_we_know(
    client_membre, reseau, membre
):
    blet, charly, bourges = commune("18031"), commune("18054"), commune("18033")
    for place in (blet, charly, bourges):
        services.fait_create(
            reseau=reseau, collectivite=place, auteur=membre, type="jumelage", intitule="J", source="s"
        )
    services.fait_create(
        reseau=reseau, collectivite=bourges, auteur=membre, type="cooperation", intitule="C", source="s"
    )
    Contact.objects.create(reseau=reseau, prenom="Rose", nom="Blanc", fonction="Maire", collectivite=blet)
    page = client_membre.get(
        "/mobilisation/collectivites/", {"departement": "18", "avec": "jumelage", "sans": "cooperation"}
    )
    html = page.content.decode()
    assert "2 collectivités" in html
    assert "Blet" in html and "Charly" in html and "Bourges" not in html
    assert "Rose Blanc" in html


def test_the_dashboard_counts_stages_and_draws_the_map(client_membre, reseau, membre):
    services.etape_set(reseau=reseau, collectivite=commune("18031"), etape="sensibilisee", auteur=membre)
    services.fait_create(
        reseau=reseau,
        collectivite=commune("18033"),
        auteur=membre,
        type="cooperation",
        intitule="C",
        source="s",
    )
    html = client_membre.get("/mobilisation/").content.decode()
    assert "<svg" in html and html.count('class="zone ') == 1754  # every commune of the région is drawn
    assert "Blet — Sensibilisée" in html
    assert "18 – Cher" in html


def test_the_dashboard_makes_a_bounded_number_of_queries(client_membre, reseau, membre):
    for code in ("18031", "18054", "18160", "36044"):
        services.etape_set(reseau=reseau, collectivite=commune(code), etape="contactee", auteur=membre)
    with CaptureQueriesContext(connection) as queries:
        assert client_membre.get("/mobilisation/").status_code == 200
    assert len(queries) <= 15


def test_my_relances_are_listed_overdue_first(client_membre, reseau, membre):
    today = datetime.date.today()
    Relance.objects.create(
        reseau=reseau, titre="Plus tard", echeance=today + datetime.timedelta(days=9), responsable=membre
    )
    Relance.objects.create(
        reseau=reseau, titre="En retard", echeance=today - datetime.timedelta(days=3), responsable=membre
    )
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert html.index("En retard") < html.index("Plus tard")
    assert "en retard</span>" in html


def test_marking_a_relance_done_from_the_list(client_membre, reseau, membre):
    relance = Relance.objects.create(
        reseau=reseau, titre="Appeler", echeance=datetime.date.today(), responsable=membre
    )
    client_membre.post(f"/mobilisation/relances/{relance.pk}/marquer/", {"faite": "1", "note": "fait"})
    assert Relance.objects.get(pk=relance.pk).faite


def test_the_collectivite_page_records_a_stage_fact_exchange_and_relance(client_membre, reseau, membre):
    blet = commune("18031")
    client_membre.post(
        f"/mobilisation/collectivite/{blet.pk}/etape/",
        {"etape": "interessee", "preuve": "deliberation", "motif": "délibération du 3 mars"},
    )
    client_membre.post(
        f"/mobilisation/collectivite/{blet.pk}/fait/",
        {
            "type": "jumelage",
            "intitule": "Jumelage avec Tübingen",
            "partenaire": "Tübingen",
            "pays": "Allemagne",
            "source": "site",
        },
    )
    client_membre.post(
        f"/mobilisation/collectivite/{blet.pk}/echange/",
        {"type": "appel", "date": "2026-11-20", "sujet": "Appel du maire"},
    )
    client_membre.post(
        f"/mobilisation/collectivite/{blet.pk}/relance/",
        {"titre": "Envoyer l'invitation", "echeance": "2026-12-01", "responsable": membre.pk},
    )
    html = client_membre.get(blet.get_absolute_url()).content.decode()
    for text in (
        "Jumelage avec Tübingen",
        "Appel du maire",
        "Envoyer l&#x27;invitation",
        'value="interessee" selected',
        "observé : délibération ou décision",
    ):
        assert text in html


ATLAS = """Collectivité française;Code INSEE;Département;Intitulé du projet;Pays;Autorité partenaire;Année de début;Colonne inconnue
Ville de Bourges;18033;18;Appui à la gestion de l'eau;Burkina Faso;Commune X;2019;zzz
Saint-Martin;;;Projet ambigu;Mali;;2020;zzz
Nulle-Part-sur-Rien;;;Projet introuvable;Mali;;2020;zzz
"""


def test_an_atlas_export_creates_sourced_facts_and_skips_what_it_cannot_place(
    reseau, membre, tmp_path, capsys
):
    from django.core.management import call_command

    path = tmp_path / "atlas.csv"
    path.write_text(ATLAS, encoding="utf-8")
    call_command("import_faits", str(path), "--reseau", "centraider", "--type", "cooperation")
    out = capsys.readouterr().out
    assert "1\u00a0fait d'engagement créé, 0\u00a0déjà connu, 2\u00a0lignes ignorées." in out
    assert "ligne 3 : collectivité ambiguë" in out
    fact = FaitEngagement.objects.get(reseau=reseau, intitule="Appui à la gestion de l'eau")
    assert (fact.pays, fact.pays_code, fact.partenaire, fact.annee_debut) == (
        "Burkina Faso",
        "BF",
        "Commune X",
        2019,
    )
    assert fact.source.startswith("Atlas français de la coopération décentralisée")
    call_command("import_faits", str(path), "--reseau", "centraider", "--type", "cooperation")
    assert "0\u00a0fait d'engagement créé, 1\u00a0déjà connu" in capsys.readouterr().out


def test_a_pat_list_attaches_the_pat_to_each_listed_commune(reseau, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "pat.csv"
    path.write_text(
        "nom_du_pat,communes_code_insee\nPAT du Pays de Nérondes,18160 18031 99999\n", encoding="utf-8"
    )
    call_command("import_faits", str(path), "--reseau", "centraider", "--type", "pat")
    assert FaitEngagement.objects.filter(reseau=reseau, type="pat").count() == 2


def test_population_covered_counts_the_communes_of_an_engaged_epci(reseau, membre):
    from passerelles.mobilisation.selectors import dashboard

    cc = Collectivite.objects.get(type="epci", code="200007177")
    services.fait_create(
        reseau=reseau, collectivite=cc, auteur=membre, type="cooperation", intitule="C", source="s"
    )
    region = Collectivite.objects.get(type="region", code="24")
    services.fait_create(
        reseau=reseau, collectivite=region, auteur=membre, type="cooperation", intitule="C", source="s"
    )
    tableau = dashboard(reseau=reseau)
    assert tableau.engagees == 2
    assert tableau.population_engagee == sum(
        cc.communes_membres.values_list("population_municipale", flat=True)
    )


def test_marking_a_relance_never_redirects_to_another_site(client_membre, reseau, membre):
    relance = Relance.objects.create(
        reseau=reseau, titre="Appeler", echeance=datetime.date.today(), responsable=membre
    )
    response = client_membre.post(
        f"/mobilisation/relances/{relance.pk}/marquer/", {"faite": "1", "retour": "//evil.example/"}
    )
    assert response["Location"] == "/mobilisation/relances/"
    response = client_membre.post(
        f"/mobilisation/relances/{relance.pk}/marquer/",
        {"faite": "0", "retour": "/mobilisation/relances/?toutes=1"},
    )
    assert response["Location"] == "/mobilisation/relances/?toutes=1"


def test_a_partner_country_is_read_or_refused_in_french(client_membre, reseau):
    blet = commune("18031")
    url = f"/mobilisation/collectivite/{blet.pk}/fait/"
    fact = {"type": "jumelage", "intitule": "Jumelage", "partenaire": "Tübingen", "source": "site"}
    response = client_membre.post(url, fact | {"pays": "Germanie"}, follow=True)
    assert "Pays « Germanie » non reconnu" in response.content.decode()
    assert not FaitEngagement.objects.filter(reseau=reseau, collectivite=blet).exists()
    client_membre.post(url, fact | {"pays": "allemagne"})
    assert FaitEngagement.objects.get(reseau=reseau, collectivite=blet).pays_code == "DE"


def test_the_territory_query_sorts_names_as_a_dictionary_does(client_membre):
    page = client_membre.get("/mobilisation/collectivites/?departement=18&type_=commune").content.decode()
    assert page.index(">Arçay<") < page.index(">Arpheuilles<")


def test_the_territory_query_explains_itself_in_correct_french(client_membre):
    page = client_membre.get("/mobilisation/collectivites/").content.decode()
    assert "qui le réseau y connaît" not in page
    assert "avec les personnes que le réseau y connaît" in page


def test_a_contact_imported_today_is_not_counted_without_exchange_for_12_months(reseau):
    from passerelles.mobilisation.selectors import dashboard

    Contact.objects.create(reseau=reseau, nom="Nouveau")  # imported today, no exchange yet
    old = Contact.objects.create(reseau=reseau, nom="Ancien")
    Contact.objects.filter(pk=old.pk).update(cree_le=timezone.now() - datetime.timedelta(days=400))
    Contact.objects.create(
        reseau=reseau, nom="Oublié", derniere_interaction=datetime.date.today() - datetime.timedelta(days=400)
    )
    assert dashboard(reseau=reseau).contacts_sans_interaction == 2


def test_a_departement_followed_by_the_reseau_counts_in_its_own_row(reseau, membre):
    from passerelles.mobilisation.selectors import dashboard

    cher = Collectivite.objects.get(type="departement", code="18")
    region = Collectivite.objects.get(type="region", code="24")
    for collectivite in (cher, region):
        services.etape_set(reseau=reseau, collectivite=collectivite, etape="contactee", auteur=membre)
    rows = {row["code"]: (row["nom"], row["total"]) for row in dashboard(reseau=reseau).par_departement}
    assert rows == {"18": ("Cher", 1), "—": ("La région elle-même", 1)}
