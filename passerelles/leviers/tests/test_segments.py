import pytest

from passerelles.contacts.models import Contact, Role
from passerelles.leviers.segments import segment_export_rows, segment_queryset, segment_summary
from passerelles.mobilisation.services import fait_create
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def count(reseau, **filtres):
    return segment_queryset(reseau=reseau, filtres=filtres).count()


def get(code, type_="commune"):
    return Collectivite.objects.get(type=type_, code=code)


def test_rural_communes_of_the_cher_and_the_indre(reseau):
    rural = count(reseau, departement="18 36", ruralite="rural")
    assert 0 < rural < count(reseau, departement="18 36") == 286 + 241


def test_twinning_but_not_engaged(reseau, membre):
    fait_create(
        reseau=reseau, collectivite=get("18031"), auteur=membre, type="jumelage", intitule="J", source="s"
    )
    fait_create(reseau=reseau, collectivite=get("18054"), auteur=membre, type="pat", intitule="P", source="s")
    assert count(reseau, departement="18", avec="jumelage") == 1
    assert count(reseau, departement="18", avec="pat", etape="non_engagees") == 1
    assert count(reseau, departement="18", etape="engagees") == 1  # Blet, through its twinning


def test_distance_to_a_place(reseau):
    near = segment_queryset(reseau=reseau, filtres={"centre": "Nérondes", "rayon_km": "15"})
    names = set(near.values_list("nom", flat=True))
    assert {"Nérondes", "Blet"} <= names
    assert "Bourges" not in names  # about 33 km away
    assert count(reseau, centre="Nulle-Part-sur-Rien", rayon_km="10") == 0


def test_competence_presumed_from_the_epci_category(reseau):
    assert count(reseau, type="epci", departement="18", competence="eau") == count(
        reseau, type="CA", departement="18"
    )
    assert count(reseau, type="CC", departement="18", competence="dechets") == count(
        reseau, type="CC", departement="18"
    )


def test_contact_roles_available(reseau):
    Contact.objects.create(
        reseau=reseau, nom="Maire", collectivite=get("18160"), role=Role.objects.get(code="maire")
    )
    assert count(reseau, departement="18", roles="elu") == 1
    assert count(reseau, departement="18", roles="jumelage") == 0


def test_the_summary_says_what_a_workshop_should_be_about(reseau, membre):
    fait_create(
        reseau=reseau, collectivite=get("18033"), auteur=membre, type="cooperation", intitule="C", source="s"
    )
    summary = segment_summary(
        reseau=reseau, filtres={"departement": "18", "ruralite": "rural", "population": "moins-500"}
    )
    assert summary["taille"] > 100
    assert summary["angles"][0][0].code in {
        "alimentation",
        "developpement-rural",
        "territoire-a-territoire",
        "jumelage-jeunesse",
    }
    assert "cooperation-decentralisee" not in [point.code for point, _ in summary["angles"]]
    assert summary["intervenants"][0][0].nom == "Bourges"


def test_the_export_lists_contacts_and_town_halls_where_nobody_is_known(reseau):
    Contact.objects.create(
        reseau=reseau, prenom="Rose", nom="Blanc", email="rose@x.fr", collectivite=get("18160")
    )
    headers, rows = segment_export_rows(reseau=reseau, filtres={"epci": "200007177"})
    by_place = {}
    for row in rows:
        by_place.setdefault(row[0], []).append(dict(zip(headers, row, strict=True)))
    assert by_place["Nérondes"][0]["Contact"] == "Rose Blanc"
    assert by_place["Blet"][0]["Nature du contact"] == "contact institutionnel"
    assert len(by_place) == 12  # communes by default: the CC itself is not among them


def test_the_summary_counts_collectivites_by_route_never_by_mixed_verdicts(reseau):
    summary = segment_summary(reseau=reseau, filtres={"departement": "18 36", "ruralite": "rural"})
    size = summary["taille"]
    assert size == count(reseau, departement="18 36", ruralite="rural") > 400
    routes = {instrument.code: dict(voies) for instrument, voies in summary["instruments"]}
    assert routes["cles-en-main"] == {
        "accessible via un programme porté par une association ou un GIP de collectivités": size
    }
    assert routes["jsi-vvvsi"] == {
        "accessible via une association du territoire, en cofinançant son projet de jeunes": size
    }
    assert routes["ficol"] == {"à vérifier": size}  # no partner known: not « éligible » for 513 of 513
    assert routes["territoires-volontaires"] == {"peut déposer": size}
    assert sum(routes["un-pour-cent-dechets"].values()) == size
    assert summary["connaissance"] == {"engagee": 0, "non_engagee": 0, "inconnue": size}


def test_segments_count_a_collectivite_with_a_statute_of_its_own_once(reseau):
    departements_grand_est = segment_queryset(reseau=reseau, filtres={"type": "departement", "region": "44"})
    names = list(departements_grand_est.values_list("nom", flat=True))
    assert names.count("Collectivité européenne d'Alsace") == 1
    assert "Bas-Rhin" not in names and "Haut-Rhin" not in names
    corse = segment_queryset(reseau=reseau, filtres={"type": "region", "region": "94"})
    assert list(corse.values_list("nom", flat=True)) == ["Collectivité de Corse"]
    communes_75 = segment_queryset(reseau=reseau, filtres={"type": "commune", "departement": "75"})
    assert list(communes_75.values_list("nom", flat=True)) == ["Ville de Paris"]


def test_the_segment_builder_still_offers_the_corse_and_the_bas_rhin():
    from passerelles.leviers.forms import SegmentForm

    form = SegmentForm()
    assert "94" in dict(form.fields["region"].choices)
    assert "67" in dict(form.fields["departement"].choices)
