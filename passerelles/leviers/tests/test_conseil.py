"""Each rule, tried on real collectivités: a metropolis, a mid-size town, a rural commune,
a CC and a département."""

import pytest

from passerelles.leviers.conseil import describe, instruments_for, rank_entry_points, signals
from passerelles.leviers.models import DetenteurCompetence, Instrument, PointEntree
from passerelles.leviers.pairs import engaged_profiles, peers_for
from passerelles.leviers.profil import profile_of
from passerelles.leviers.regles import eligibility
from passerelles.mobilisation.services import etape_set, fait_create
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


def test_a_rural_commune_is_described_from_facts_and_unknown_is_said_unknown(profile):
    assert describe(profile("commune", "18160")) == (
        "Commune de 1\u202f403\u00a0hab. (bourg rural), membre de la CC Pays de Nérondes (4\u202f773\u00a0hab.) ; "
        "le réseau ne lui connaît ni jumelage, ni projet, ni PAT. Son engagement international est inconnu "
        "du réseau (à vérifier, par exemple dans l'Atlas français de la coopération décentralisée, sur cncd.fr)."
    )


def test_a_large_collectivite_unknown_to_the_reseau_is_probably_active_not_a_beginner(profile):
    for type_, code in (("region", "24"), ("departement", "18"), ("epci", "244500468"), ("commune", "37261")):
        profil = profile(type_, code)
        assert profil.connaissance == "inconnue"
        assert "probablement déjà une action internationale" in describe(profil)
        assert "novice" not in signals(profil)
        assert all(angle.score >= 0 for angle in rank_entry_points(profil, list(PointEntree.objects.all())))


def test_the_referentiel_names_collectivites_by_their_statute(profile):
    assert describe(profile("epci", "200046977")).startswith(
        "Métropole de Lyon (collectivité à statut particulier, pas un EPCI)"
    )
    assert describe(profile("statut_particulier", "6AE")).startswith("Collectivité européenne d'Alsace")
    assert describe(profile("statut_particulier", "20R")).startswith("Collectivité de Corse")
    assert describe(profile("statut_particulier", "75C")).startswith("Ville de Paris")


def test_a_rural_newcomer_is_approached_by_food_or_rural_development_not_by_aect(reseau, membre, profile):
    etape_set(reseau=reseau, collectivite=get("commune", "18160"), etape="contactee", auteur=membre)
    assert profile("commune", "18160").connaissance == "non_engagee"
    codes = ranked_codes(profile("commune", "18160"))
    assert set(codes[:3]) <= {"alimentation", "developpement-rural", "territoire-a-territoire"}
    assert codes[-1] == "cooperation-decentralisee"


def test_a_collectivite_preparing_a_project_is_not_steered_away_from_aect(reseau, membre, profile):
    etape_set(reseau=reseau, collectivite=get("commune", "18160"), etape="projet", auteur=membre)
    assert "novice" not in signals(profile("commune", "18160"))


def test_a_known_pat_puts_food_first(reseau, membre, profile):
    fact(reseau, membre, "commune", "18160", "pat")
    assert ranked_codes(profile("commune", "18160"))[0] == "alimentation"


def test_a_twinning_puts_twinning_and_youth_first(reseau, membre, profile):
    fact(reseau, membre, "commune", "18033", "jumelage")
    assert ranked_codes(profile("commune", "18033"))[0] == "jumelage-jeunesse"


def test_a_metropolis_presumably_holds_water_and_its_angles_follow(profile):
    lyon = profile("epci", "200046977")  # Métropole de Lyon
    result = verdict(lyon, "un-pour-cent-eau")
    assert result.statut == "peut_deposer"
    assert "présumé : compétence obligatoire de sa catégorie d'EPCI ; à vérifier" in result.raisons[0]
    assert "competence:eau" in signals(lyon) and "competence:mobilite" not in signals(lyon)  # SYTRAL
    assert ranked_codes(lyon)[0] in {"eau-assainissement", "dechets", "developpement-economique"}


def test_a_recorded_holder_replaces_the_presumption(reseau, profile):
    nerondes = get("commune", "18160")
    DetenteurCompetence.objects.create(
        reseau=reseau, collectivite=nerondes, competence="eau", detenteur=nerondes, source="délibération 2023"
    )
    result = verdict(profile("commune", "18160"), "un-pour-cent-eau")
    assert (result.statut, result.raisons) == ("peut_deposer", ["détient la compétence eau (confirmé)"])


def test_a_commune_is_never_told_it_submits_what_an_association_submits(profile):
    for code in ("cles-en-main", "jsi-vvvsi"):
        result = verdict(profile("commune", "18202"), code)
        assert result.statut == "accessible_via" and result.libelle.startswith("accessible via ")


def test_a_priority_public_is_not_an_exclusion(reseau, membre, profile):
    fact(reseau, membre, "commune", "18160", "cooperation")
    for code in ("territoires-volontaires", "cles-en-main"):
        result = verdict(profile("commune", "18160"), code)
        assert result.statut != "non_accessible"
        assert any("pas exclusif" in reason for reason in result.raisons)


def test_no_size_rule_keeps_a_tiny_commune_from_ficol(reseau, membre, profile):
    fait_create(
        reseau=reseau,
        collectivite=get("commune", "18202"),
        auteur=membre,
        type="cooperation",
        intitule="Coopération",
        pays="Sénégal",
        source="test",
    )
    assert verdict(profile("commune", "18202"), "ficol").statut == "peut_deposer"


def test_the_e_apd_conditions_meae_funding_not_the_one_percents():
    prerequisites = {i.code: {p.code for p in i.prerequis.all()} for i in Instrument.objects.all()}
    assert all(not prerequisites[code] for code in prerequisites if code.startswith("un-pour-cent"))
    assert prerequisites["aap-dctciv"] == prerequisites["cles-en-main"] == {"e-apd"}


def test_the_profile_of_a_collectivite_read_with_its_territories_is_the_one_read_from_the_table(
    reseau, membre, django_assert_num_queries
):
    """The page of a collectivité has read it with its département, région and EPCI: its profile
    is built from them, and is the very profile the table gives."""
    import random

    from passerelles.leviers.profil import profiles

    fact(reseau, membre, "commune", "18160", "jumelage")
    etape_set(reseau=reseau, collectivite=get("commune", "18160"), etape="engagee", auteur=membre)
    DetenteurCompetence.objects.create(
        reseau=reseau,
        collectivite=get("commune", "18160"),
        competence="eau",
        detenteur_nom="SIAEP",
        source="test",
    )
    ids = list(Collectivite.objects.values_list("pk", flat=True))
    sample = random.Random(11).sample(ids, 300) + [get("commune", "18160").pk]
    sample += list(Collectivite.objects.exclude(type="commune").values_list("pk", flat=True)[:200])
    read_with_territories = Collectivite.objects.select_related("region", "departement", "epci")
    for collectivite in read_with_territories.filter(pk__in=sample):
        with django_assert_num_queries(3):  # facts, stage and holders known: the réseau's knowledge
            alone = profile_of(reseau=reseau, collectivite=collectivite)
        from_table = profiles(reseau=reseau, collectivites=Collectivite.objects.filter(pk=collectivite.pk))
        assert alone == from_table[collectivite.pk], collectivite
    assert profile_of(reseau=reseau, collectivite=get("commune", "18160")).faits == {"jumelage": ["jumelage"]}


def test_a_rule_the_application_does_not_know_is_to_check_not_a_crash(profile):
    result = eligibility(profile("commune", "18160"), {"nouvelle_regle": True})
    assert result.statut == "a_verifier"


def test_peers_are_engaged_similar_first_then_nearest(reseau, membre, profile):
    for type_, code in (
        ("commune", "18033"),
        ("commune", "18031"),
        ("commune", "18175"),
        ("epci", "200007177"),
    ):
        fact(reseau, membre, type_, code, "jumelage")
    peers = peers_for(profile("commune", "18160"), reseau)
    # Its own CC first, then Blet and Ourouer-les-Bourdelins (small rural communes), nearest
    # first; Bourges, a town of another size and density, last.
    assert peers[0].profil.code == "200007177" and peers[0].son_intercommunalite
    assert {p.profil.code for p in peers[1:3]} == {"18031", "18175"}
    assert peers[1].distance_km <= peers[2].distance_km
    assert peers[-1].profil.code == "18033"
    assert all(p.profil.code != "18160" for p in peers)


def test_peers_carry_the_facts_the_panel_shows_read_in_four_queries(
    reseau, membre, profile, django_assert_num_queries
):
    for type_, code in (("commune", "18033"), ("epci", "200007177")):
        fact(reseau, membre, type_, code, "jumelage")
    nerondes = profile("commune", "18160")
    # the peers inside the box and those without a position, then the chosen ones and their facts
    with django_assert_num_queries(4):
        peers = peers_for(nerondes, reseau)
    assert [p.profil.faits for p in peers] == [{"jumelage": ["jumelage"]}] * 2


def test_tendron_hears_its_own_cc_before_bourges(reseau, membre, profile):
    """The seed's rural testimony came from the CC Pays de Nérondes, 4 km from Tendron."""
    for type_, code in (("commune", "18033"), ("epci", "200007177")):
        fact(reseau, membre, type_, code, "jumelage")
    peers = peers_for(profile("commune", "18260"), reseau)
    assert [p.profil.code for p in peers] == ["200007177", "18033"]


def test_no_peer_is_proposed_from_the_other_side_of_the_world(reseau, membre, profile):
    fact(reseau, membre, "commune", "18033", "jumelage")
    assert peers_for(profile("commune", "97302"), reseau) == []


def reference_peers(profil, reseau, limit=5) -> list[tuple[int, float | None]]:
    """Every engaged collectivité measured and sorted: what the page must find, by degree of
    likeness (own intercommunality; same type, size and rurality; same type and size; same type
    and rurality; same type; any), nearest first, none beyond MAX_DISTANCE_KM."""
    from passerelles.leviers.pairs import MAX_DISTANCE_KM, SIMILAR_SIZE_RATIO, distance_km

    def likeness(other):
        similar = bool(profil.population and other.population) and (
            1 / SIMILAR_SIZE_RATIO <= other.population / profil.population <= SIMILAR_SIZE_RATIO
        )
        rural = profil.rurale is not None and other.rurale == profil.rurale
        if other.id == profil.epci_id:
            return 0
        if other.type != profil.type:
            return 5
        return {(True, True): 1, (True, False): 2, (False, True): 3, (False, False): 4}[(similar, rural)]

    def key(other):
        distance = distance_km(profil, other)
        return (likeness(other), distance is None, distance or 0, other.id)

    others = [
        o
        for o in engaged_profiles(reseau).values()
        if o.id != profil.id and (distance_km(profil, o) or 0) <= MAX_DISTANCE_KM
    ]
    return [(o.id, distance_km(profil, o)) for o in sorted(others, key=key)[:limit]]


@pytest.mark.parametrize("seed", [3, 5, 8])
def test_peers_found_in_growing_boxes_are_those_of_a_full_sort(reseau, membre, profile, seed):
    import random

    from passerelles.core.models import Reseau
    from passerelles.mobilisation.models import FaitEngagement, Mobilisation, TypeFait
    from passerelles.territoires.models import Collectivite

    rng = random.Random(seed)
    ids = list(Collectivite.objects.filter(actif=True).values_list("pk", flat=True))
    stages = ["engagee", "deja_engagee", "interessee", "contactee"]
    Mobilisation.objects.bulk_create(
        Mobilisation(reseau=reseau, collectivite_id=pk, etape=rng.choice(stages))
        for pk in rng.sample(ids, 600)
    )
    # Engaged by a fact only, or by a fact that is no engagement (a PAT), or in another réseau.
    FaitEngagement.objects.bulk_create(
        FaitEngagement(reseau=reseau, collectivite_id=pk, type=rng.choice(TypeFait.values), intitule="fait")
        for pk in rng.sample(ids, 300)
    )
    other = Reseau.objects.create(nom="Autre réseau", slug="autre-reseau", region=reseau.region)
    Mobilisation.objects.bulk_create(
        Mobilisation(reseau=other, collectivite_id=pk, etape="engagee") for pk in rng.sample(ids, 300)
    )
    for type_, code in (
        ("commune", "18160"),
        ("statut_particulier", "75C"),
        ("epci", "200007177"),
        ("departement", "18"),
    ):
        wanted = profile(type_, code)
        found = [(p.profil.id, p.distance_km) for p in peers_for(wanted, reseau)]
        assert found == reference_peers(wanted, reseau), code


@pytest.mark.parametrize("limit", [1, 5, 40])
def test_peers_measured_degree_by_degree_are_those_of_a_full_sort(reseau, membre, profile, limit):
    """Every engaged commune of the Cher and its neighbours, some without a position: the page
    stops measuring once the likelier degrees give enough peers, and finds what a full sort finds."""
    import random

    from passerelles.mobilisation.models import Mobilisation

    rng = random.Random(limit)
    nearby = Collectivite.objects.filter(actif=True, departement__code__in=["18", "58", "03", "36"])
    ids = list(nearby.values_list("pk", flat=True))
    Mobilisation.objects.bulk_create(
        Mobilisation(reseau=reseau, collectivite_id=pk, etape="engagee") for pk in rng.sample(ids, 400)
    )
    Collectivite.objects.filter(pk__in=rng.sample(ids, 40)).update(latitude=None)
    for type_, code in (("commune", "18160"), ("epci", "200007177"), ("commune", "18033")):
        wanted = profile(type_, code)
        found = [(p.profil.id, p.distance_km) for p in peers_for(wanted, reseau, limit=limit)]
        assert found == reference_peers(wanted, reseau, limit=limit), code


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


REGIONAL_ANGLES = {"enseignement-superieur", "developpement-economique"}


@pytest.mark.parametrize(
    "type_, code",
    [
        ("departement", "36"),
        ("statut_particulier", "6AE"),
        ("statut_particulier", "75C"),
        ("departement", "18"),
    ],
)
def test_departements_are_approached_by_what_the_loi_notre_left_them_not_by_regional_competences(
    profile, type_, code
):
    """Since the loi NOTRe (2015) départements have neither the general competence nor economic
    development: solidarities and youth, collèges (their catering: food, PAT), culture, sport and
    tourism lead; higher education and economic development are the régions'."""
    codes = ranked_codes(profile(type_, code))
    assert not REGIONAL_ANGLES & set(codes[:5]), codes[:5]
    assert {"jumelage-jeunesse", "alimentation", "culture-sport"} & set(codes[:3])


def test_the_collectivite_europeenne_d_alsace_leads_with_cross_border_cooperation(profile):
    assert ranked_codes(profile("statut_particulier", "6AE"))[0] == "cooperation-transfrontaliere"


def test_the_communes_of_the_metropole_de_lyon_are_on_its_territory_not_its_members(profile):
    assert "sur le territoire de la Métropole de Lyon" in describe(profile("commune", "69266"))


def test_an_angles_reasons_come_in_the_weights_tables_order_in_every_process(profile):
    """Not in the order of a set of signals, which changes with the process's hash seed."""
    from passerelles.leviers.conseil import _WEIGHTS_BY_SIGNAL

    table_order = [reason for weights in _WEIGHTS_BY_SIGNAL.values() for _code, _weight, reason in weights]
    for code in ("18160", "18033", "45234"):
        for angle in rank_entry_points(profile("commune", code), list(PointEntree.objects.all())):
            assert angle.raisons == sorted(angle.raisons, key=table_order.index), (code, angle.point.code)
