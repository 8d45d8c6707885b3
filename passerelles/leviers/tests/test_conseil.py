"""Each rule, tried on real collectivités: a metropolis, a mid-size town, a rural commune,
a CC and a département."""

import pytest

from passerelles.leviers.conseil import describe, instruments_for, rank_entry_points, signals
from passerelles.leviers.models import DetenteurCompetence, Instrument, PointEntree
from passerelles.leviers.pairs import engaged_profiles, peers_for
from passerelles.leviers.profil import profile_of
from passerelles.leviers.regles import eligibility
from passerelles.mobilisation.services import fait_create
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def get(type_, code):
    return Collectivite.objects.get(type=type_, code=code)


@pytest.fixture
def profile(reseau):
    return lambda type_, code: profile_of(reseau=reseau, collectivite=get(type_, code))


def fact(reseau, membre, type_, code, kind):
    """Record that the réseau knows a fact of this kind about a collectivité."""
    fait_create(
        reseau=reseau, collectivite=get(type_, code), auteur=membre, type=kind, intitule=kind, source="test"
    )


def verdict(profil, code):
    return eligibility(profil, Instrument.objects.get(code=code).regles)


def ranked_codes(profil):
    return [angle.point.code for angle in rank_entry_points(profil, list(PointEntree.objects.all()))]


def test_a_rural_commune_is_described_from_facts(profile):
    assert describe(profile("commune", "18160")) == (
        "Commune de 1\u202f403\u00a0hab. (bourg rural), membre de la CC Pays de Nérondes (4\u202f773\u00a0hab.) ; "
        "le réseau ne lui connaît ni jumelage, ni projet, ni PAT."
    )


def test_a_rural_newcomer_is_approached_by_food_or_rural_development_not_by_aect(profile):
    codes = ranked_codes(profile("commune", "18160"))
    assert set(codes[:3]) <= {"alimentation", "developpement-rural", "territoire-a-territoire"}
    assert codes[-1] == "cooperation-decentralisee"


def test_a_known_pat_puts_food_first(reseau, membre, profile):
    fact(reseau, membre, "commune", "18160", "pat")
    assert ranked_codes(profile("commune", "18160"))[0] == "alimentation"


def test_a_twinning_puts_twinning_and_youth_first(reseau, membre, profile):
    fact(reseau, membre, "commune", "18033", "jumelage")
    assert ranked_codes(profile("commune", "18033"))[0] == "jumelage-jeunesse"


def test_a_metropolis_holds_water_and_can_use_the_one_percent(profile):
    lyon = profile("epci", "200046977")  # Métropole de Lyon
    assert verdict(lyon, "un-pour-cent-eau").statut == "oui"
    assert "présumé" in verdict(lyon, "un-pour-cent-eau").raisons[0]
    assert "competence:mobilite" in signals(lyon)
    assert ranked_codes(lyon)[0] in {"eau-assainissement", "dechets", "mobilite", "developpement-economique"}


def test_a_commune_of_an_agglomeration_is_sent_to_its_epci_for_the_one_percent(profile):
    bourges = profile("commune", "18033")  # mid-size town, in the CA Bourges Plus
    result = verdict(bourges, "un-pour-cent-eau")
    assert result.statut == "non"
    assert "CA Bourges Plus qui détient la compétence eau" in result.raisons[0]
    assert "enseignement-superieur" in ranked_codes(bourges)[:4]


def test_a_cc_holds_waste_but_water_stays_unknown(profile):
    cc = profile("epci", "200007177")
    assert verdict(cc, "un-pour-cent-dechets").statut == "oui"
    assert verdict(cc, "un-pour-cent-eau").statut == "inconnu"


def test_a_recorded_holder_replaces_the_presumption(reseau, profile):
    nerondes = get("commune", "18160")
    DetenteurCompetence.objects.create(
        reseau=reseau, collectivite=nerondes, competence="eau", detenteur=nerondes, source="délibération 2023"
    )
    result = verdict(profile("commune", "18160"), "un-pour-cent-eau")
    assert (result.statut, result.raisons[0]) == ("oui", "détient la compétence eau (confirmé)")


def test_a_departement_cannot_use_town_twinning_grants(profile):
    cher = profile("departement", "18")
    result = verdict(cher, "town-twinning")
    assert result.statut == "non" and result.raisons == ["réservé aux communes"]
    possible, excluded = instruments_for(cher, list(Instrument.objects.all()))
    assert "town-twinning" in [e.instrument.code for e in excluded]
    assert "e-apd" not in [e.instrument.code for e in possible + excluded]


def test_cles_en_main_is_for_newcomers_only(reseau, membre, profile):
    assert verdict(profile("commune", "18160"), "cles-en-main").statut == "oui"
    fact(reseau, membre, "commune", "18160", "cooperation")
    assert verdict(profile("commune", "18160"), "cles-en-main").statut == "non"


def test_peers_are_engaged_similar_first_then_nearest(reseau, membre, profile):
    for type_, code in (
        ("commune", "18033"),
        ("commune", "18031"),
        ("commune", "18175"),
        ("epci", "200007177"),
    ):
        fact(reseau, membre, type_, code, "jumelage")
    peers = peers_for(profile("commune", "18160"), engaged_profiles(reseau))
    # Blet and Ourouer-les-Bourdelins (small communes) before Bourges, then the CC (another type).
    assert {p.profil.code for p in peers[:2]} == {"18031", "18175"}
    assert peers[0].distance_km <= peers[1].distance_km
    assert [p.profil.code for p in peers[2:]] == ["18033", "200007177"]
    assert all(p.profil.code != "18160" for p in peers)


def test_bulk_advice_shares_work_without_changing_any_answer(reseau, membre):
    from passerelles.leviers.conseil import advice_for_many

    fact(reseau, membre, "commune", "18031", "pat")
    cher = Collectivite.objects.filter(actif=True, departement__code="18", type__in=["commune", "epci"])
    points, instruments = list(PointEntree.objects.all()), list(Instrument.objects.all())
    for pk, conseil in advice_for_many(reseau=reseau, collectivites=cher).items():
        alone = profile_of(reseau=reseau, collectivite=Collectivite.objects.get(pk=pk))
        assert [(a.point.code, a.score, a.raisons) for a in conseil.angles] == [
            (a.point.code, a.score, a.raisons) for a in rank_entry_points(alone, points)
        ]
        assert [(e.instrument.code, e.verdict.statut, e.verdict.raisons) for e in conseil.possibles] == [
            (e.instrument.code, e.verdict.statut, e.verdict.raisons)
            for e in instruments_for(alone, instruments)[0]
        ]


def test_a_partnership_instrument_is_to_check_until_a_partner_is_known(reseau, membre, profile):
    assert verdict(profile("commune", "18033"), "aap-dctciv").statut == "inconnu"
    fact(reseau, membre, "commune", "18033", "jumelage")
    assert verdict(profile("commune", "18033"), "aap-dctciv").statut == "oui"


def test_leader_cooperation_needs_a_known_gal(reseau, membre, profile):
    assert verdict(profile("epci", "200007177"), "leader-cooperation").statut == "inconnu"
    fact(reseau, membre, "epci", "200007177", "gal")
    assert verdict(profile("epci", "200007177"), "leader-cooperation").statut == "oui"
    assert verdict(profile("region", "24"), "leader-cooperation").statut == "non"


def test_a_large_grant_is_flagged_for_a_small_commune_not_for_a_city(reseau, membre, profile):
    for type_, code in (("commune", "18160"), ("commune", "18033")):
        fact(reseau, membre, type_, code, "cooperation")
    assert verdict(profile("commune", "18160"), "ficol").statut == "inconnu"
    assert any("200 000 €" in reason for reason in verdict(profile("commune", "18160"), "ficol").raisons)
    assert verdict(profile("commune", "18033"), "ficol").statut == "oui"


def test_youth_programmes_are_open_to_every_collectivite_as_cofunder(profile):
    for type_, code in (("commune", "18160"), ("departement", "18"), ("epci", "200046977")):
        assert verdict(profile(type_, code), "jsi-vvvsi").statut == "oui"
