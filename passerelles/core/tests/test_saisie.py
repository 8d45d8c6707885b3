"""What people type is put on one line without losing its French typography."""

from passerelles.core.saisie import single_line


def test_line_breaks_and_control_characters_become_one_space_and_french_spaces_stay():
    assert (
        single_line("Atelier «\u202fAECT\u202f» :\r\n  9\u00a0h\u00a030\x0b")
        == "Atelier «\u202fAECT\u202f» : 9\u00a0h\u00a030"
    )
    assert single_line("Dupont\n\nde la Roche") == "Dupont de la Roche"
