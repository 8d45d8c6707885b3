from passerelles.territoires.models import TypeCollectivite as T
from passerelles.territoires.rows import FIELDS, build_referentiel, row_values
from passerelles.territoires.sources import Complement, read_sources


def test_row_values_line_up_with_the_field_names():
    complement = Complement(47.0, 2.8, "1 place de la Mairie", "mairie@example.org", "02", "https://x", 5)
    values = dict(
        zip(
            FIELDS, row_values(nom="Nérondes", population_municipale=1403, complement=complement), strict=True
        )
    )
    assert values["nom"] == "Nérondes"
    assert values["nom_normalise"] == "nerondes"
    assert values["texte_recherche"] == " nerondes "
    assert values["population_municipale"] == 1403
    assert (values["latitude"], values["longitude"]) == (47.0, 2.8)
    assert values["densite"] == 5
    assert values["mairie_email"] == "mairie@example.org"


def test_an_explicit_position_wins_over_the_complement():
    values = dict(zip(FIELDS, row_values(nom="CC X", position=(46.0, 1.0)), strict=True))
    assert (values["latitude"], values["longitude"]) == (46.0, 1.0)
    assert values["densite"] is None
    assert values["mairie_adresse"] == ""


def test_regions_departements_and_epci_of_all_france_are_summed_and_placed_as_their_communes_say():
    sources = read_sources()
    rows = build_referentiel(sources).rows
    current = [record for record in sources.communes if record["type"] == "commune-actuelle"]
    totale = {m["code"]: m.get("populationTotale") for e in sources.epci for m in e["membres"]}
    value = {name: FIELDS.index(name) for name in FIELDS}
    for type_, key in ((T.REGION, "region"), (T.DEPARTEMENT, "departement")):
        for code, row in rows[type_].items():
            communes = [record for record in current if record[key] == code]
            totals = [totale.get(record["code"]) for record in communes]
            assert row.values[value["population_municipale"]] == sum(
                r.get("population") or 0 for r in communes
            )
            assert row.values[value["population_totale"]] == (
                None if None in totals or not totals else sum(totals)
            )
    by_code = {record["code"]: record for record in current}
    for record in sources.epci:
        members = [by_code[m["code"]] for m in record["membres"] if m["code"] in by_code]
        weight = {}
        for member in members:
            weight[member["departement"]] = weight.get(member["departement"], 0) + (
                member.get("population") or 0
            )
        main = max(sorted(weight), key=weight.__getitem__)
        region = next(member["region"] for member in members if member["departement"] == main)
        assert rows[T.EPCI][record["code"]].links[:2] == ((T.REGION, region), (T.DEPARTEMENT, main))
        located = [
            (sources.complements[m["code"]], max(m.get("population") or 0, 1))
            for m in members
            if m["code"] in sources.complements and sources.complements[m["code"]].latitude is not None
        ]
        if located:
            total = sum(w for _, w in located)
            latitude = round(sum(c.latitude * w for c, w in located) / total, 5)
            longitude = round(sum(c.longitude * w for c, w in located) / total, 5)
            row = rows[T.EPCI][record["code"]]
            assert (row.values[value["latitude"]], row.values[value["longitude"]]) == (latitude, longitude)
