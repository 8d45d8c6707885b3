"""The demo fiche says what the seed says, nothing more."""

from passerelles.capitalisation.demo import DEMO_FICHE


def test_the_demo_fiche_keeps_to_the_seeds_words():
    text = " ".join(value for value in DEMO_FICHE.values() if isinstance(value, str))
    assert "1 % solidaires" in text and "1 % eau" not in text
    assert "très institutionnelles, pas nécessairement adaptées" in text
    assert "trop techniques pour le public" not in text
    assert "mobilités" in text and "mobilité des jeunes" not in text
    assert {
        "un-pour-cent-eau",
        "un-pour-cent-energie",
        "un-pour-cent-dechets",
        "un-pour-cent-mobilite",
    } <= set(DEMO_FICHE["instruments"])
