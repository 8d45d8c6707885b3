import pytest

from passerelles.accompagnement import services
from passerelles.accompagnement.models import Dossier, Etat
from passerelles.mobilisation.models import Etape
from passerelles.mobilisation.services import etape_of

from .conftest import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(reseau, membre, nerondes, cles_en_main):
    return services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre
    )


def test_the_funding_block_of_a_commune_page_leads_to_preparing_a_dossier(
    client_membre, nerondes, cles_en_main
):
    page = client_membre.get(nerondes.get_absolute_url()).content.decode()
    assert f"/accompagnement/nouveau/{nerondes.pk}/?instrument=cles-en-main" in page
    assert "Préparer un dossier" in page


def test_the_creation_form_shows_the_verdict_its_route_and_rule_before_saving(
    client_membre, nerondes, cles_en_main
):
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/", {"instrument": "cles-en-main"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "accessible via" in html
    assert "Qui dépose (type de collectivité)" in html
    assert "Nérondes" in html


def test_preparing_a_dossier_from_the_form(client_membre, reseau, nerondes, cles_en_main):
    response = client_membre.post(
        f"/accompagnement/nouveau/{nerondes.pk}/",
        {
            "instrument": cles_en_main.pk,
            "appel": "Clés en main 2026",
            "pays": "Sénégal",
            "partenaire": "Commune de Fatick",
            "membres": "Blet (18)\n18054",
            "montant_demande": "12000",
            "echeance": "2026-04-04",
        },
    )
    dossier = Dossier.objects.get(reseau=reseau)
    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    assert dossier.pays_code == "SN"
    assert sorted(c.code for c in dossier.membres.all()) == ["18031", "18054"]
    assert dossier.montant_accorde is None


def test_bad_input_gets_french_messages(client_membre, reseau, nerondes, cles_en_main):
    page = client_membre.post(
        f"/accompagnement/nouveau/{nerondes.pk}/",
        {"instrument": cles_en_main.pk, "pays": "Atlantide", "montant_demande": "-5", "membres": "Zzzyx"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Pays « Atlantide » non reconnu" in html
    assert "négatif" in html
    assert "Aucune collectivité ne correspond à « Zzzyx »" in html
    assert not Dossier.objects.exists()


def test_the_dossier_page_shows_the_catalogue_facts_and_allowed_moves(client_membre, dossier):
    html = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "Une association ou un GIP" in html  # who submits, from the catalogue
    assert "Qui dépose (type de collectivité)" in html
    assert 'value="en_montage"' in html and 'value="abandonne"' in html
    assert 'value="retenu"' not in html
    assert "inconnu" in html  # amounts not known yet


def test_moving_from_the_page_up_to_retained_engages_the_collectivite(
    client_membre, reseau, dossier, nerondes
):
    url = f"/accompagnement/{dossier.pk}/etat/"
    for etat in ("en_montage", "depose", "retenu"):
        assert client_membre.post(url, {"etat": etat, "motif": f"vers {etat}"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.etat == Etat.RETENU
    assert etape_of(reseau=reseau, collectivite=nerondes) == Etape.ENGAGEE
    html = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "vers depose" in html  # the history


def test_a_move_without_reason_is_refused_with_a_message(client_membre, dossier):
    response = client_membre.post(f"/accompagnement/{dossier.pk}/etat/", {"etat": "en_montage"}, follow=True)
    assert "raison" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.etat == Etat.IDEE


def test_the_log_form_adds_time(client_membre, dossier):
    response = client_membre.post(
        f"/accompagnement/{dossier.pk}/temps/",
        {"date": "2026-03-02", "type": "rencontre", "heures": "1,5", "note": "En mairie"},
    )
    assert response.status_code == 302
    html = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "En mairie" in html and "1,5" in html


def test_the_list_filters_by_state(client_membre, reseau, membre, dossier, cles_en_main):
    other = services.dossier_create(
        reseau=reseau, collectivite=commune("18031"), instrument=cles_en_main, auteur=membre
    )
    services.dossier_move(dossier=other, etat=Etat.EN_MONTAGE, motif="m", auteur=membre)
    html = client_membre.get("/accompagnement/", {"etat": "en_montage"}).content.decode()
    assert "Blet" in html and "Nérondes" not in html
    assert "Nérondes" in client_membre.get("/accompagnement/").content.decode()


def test_another_reseau_sees_nothing(client, autre_reseau, dossier):
    from conftest import make_member

    client.force_login(make_member("autre", autre_reseau))
    assert client.get(dossier.get_absolute_url()).status_code == 404
    assert "Nérondes" not in client.get("/accompagnement/").content.decode()


def test_the_collectivite_page_lists_its_dossiers_and_those_it_joins(
    client_membre, reseau, membre, cles_en_main
):
    blet, charly = commune("18031"), commune("18054")
    dossier = services.dossier_create(
        reseau=reseau, collectivite=blet, instrument=cles_en_main, auteur=membre, membres=[charly]
    )
    for place in (blet, charly):
        html = client_membre.get(place.get_absolute_url()).content.decode()
        assert 'id="dossiers"' in html
        assert dossier.get_absolute_url() in html
    assert 'id="dossiers"' not in client_membre.get(commune("18160").get_absolute_url()).content.decode()


def test_editing_the_amounts_granted_is_journaled_and_never_negative(client_membre, reseau, dossier):
    from passerelles.core.models import Journal

    url = f"/accompagnement/{dossier.pk}/modifier/"
    page = client_membre.get(url)
    assert page.status_code == 200 and "Montant accordé" in page.content.decode()
    refused = client_membre.post(url, {"montant_accorde": "-100", "membres": "Nérondes (18)"})
    assert "ne peut pas être négatif" in refused.content.decode()
    response = client_membre.post(url, {"montant_accorde": "25 000", "appel": "Clés en main 2026"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert str(dossier.montant_accorde) == "25000.00" and dossier.appel == "Clés en main 2026"
    change = Journal.objects.get(reseau=reseau, action="dossier_modifie")
    assert change.details["montant_accorde"] == ["", "25000"]
    assert "25\u202f000\u00a0€" in client_membre.get(dossier.get_absolute_url()).content.decode()


def test_a_dossier_nobody_accompanies_says_so(client_membre, reseau, membre, nerondes, cles_en_main):
    services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre, suivi_par=None
    )
    dossier = Dossier.objects.get(reseau=reseau)
    assert "personne" in client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "personne" in client_membre.get("/accompagnement/").content.decode()


def test_the_dossier_page_shows_its_call_its_next_deadline_the_route_and_the_rule(
    client_membre, reseau, membre, nerondes, cles_en_main
):
    import datetime

    from django.utils import timezone

    from passerelles.leviers.models import Appel

    today = timezone.localdate()
    appel = Appel.objects.create(
        instrument=cles_en_main,
        nom="Appel de test",
        ouverture=today - datetime.timedelta(days=30),
        cloture=today + datetime.timedelta(days=40),
        source_url="https://www.diplomatie.gouv.fr/",
        source_titre="France Diplomatie",
    )
    dossier = services.dossier_create(
        reseau=reseau,
        collectivite=nerondes,
        instrument=cles_en_main,
        auteur=membre,
        appel_catalogue=appel,
        echeance=today + datetime.timedelta(days=10),
    )
    html = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "Prochaine échéance" in html and "Échéance du dossier" in html
    assert "Clôture de l&#x27;appel « Appel de test »" in html
    assert "France Diplomatie" in html  # the call's source
    assert "un programme porté par une association ou un GIP de collectivités" in html  # the route
    assert "Qui dépose (type de collectivité)" in html  # the rule behind the verdict
    assert "Déclaration e-APD de chaque collectivité membre" in html  # documents usually asked for


def test_a_call_of_another_instrument_is_refused(client_membre, reseau, nerondes, cles_en_main):
    from passerelles.leviers.models import Appel

    ficol_call = Appel.objects.get(instrument__code="ficol", nom="Appel à idées 2024")
    page = client_membre.post(
        f"/accompagnement/nouveau/{nerondes.pk}/",
        {"instrument": cles_en_main.pk, "appel_catalogue": ficol_call.pk},
    )
    assert "Cet appel n&#x27;est pas un appel de « Clés en main » (MEAE, DCTCIV)." in page.content.decode()
    assert not Dossier.objects.exists()


def test_an_unknown_call_date_reads_date_inconnue_on_the_dossier(
    client_membre, reseau, membre, nerondes, cles_en_main
):
    from passerelles.leviers.models import Appel

    dossier = services.dossier_create(
        reseau=reseau,
        collectivite=nerondes,
        instrument=cles_en_main,
        auteur=membre,
        appel_catalogue=Appel.objects.get(instrument=cles_en_main, nom="Appel 2025"),
    )
    html = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "date inconnue" in html and "Aucune échéance à venir connue." in html


def test_preparing_a_dossier_proposes_the_call_still_open_and_never_a_closed_one(client_membre, nerondes):
    import datetime

    from django.utils import timezone

    from passerelles.leviers.models import Appel, Instrument

    ficol = Instrument.objects.get(code="ficol")
    url = f"/accompagnement/nouveau/{nerondes.pk}/"
    page = client_membre.get(url, {"instrument": "ficol"}).content.decode()
    assert "selected>FICOL (AFD) — Appel à idées" not in page  # 2023 and 2024 are closed
    appel = Appel.objects.create(
        instrument=ficol,
        nom="Appel à idées de test",
        cloture=timezone.localdate() + datetime.timedelta(days=60),
        source_url="https://www.afd.fr/",
    )
    page = client_membre.get(url, {"instrument": "ficol"}).content.decode()
    assert f'<option value="{appel.pk}" selected>FICOL (AFD) — Appel à idées de test (clôture :' in page


def test_the_list_shows_each_dossiers_next_deadline_its_call_closing_included(
    client_membre, reseau, membre, nerondes, cles_en_main
):
    import datetime

    from django.utils import timezone

    from passerelles.leviers.models import Appel

    appel = Appel.objects.create(
        instrument=cles_en_main,
        nom="Appel de test",
        cloture=timezone.localdate() + datetime.timedelta(days=20),
        source_url="https://www.diplomatie.gouv.fr/",
    )
    services.dossier_create(
        reseau=reseau, collectivite=nerondes, instrument=cles_en_main, auteur=membre, appel_catalogue=appel
    )
    services.dossier_create(
        reseau=reseau, collectivite=commune("18031"), instrument=cles_en_main, auteur=membre
    )
    html = client_membre.get("/accompagnement/").content.decode()
    assert "Clôture de l&#x27;appel « Appel de test »" in html
    assert "aucune à venir connue" in html  # Blet: no deadline known
