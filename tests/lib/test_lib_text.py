import pytest

from acoms.lib.text import TextError, clean_name, refused_characters


def test_full_width_letters_fold_to_their_plain_form():
    assert clean_name("ｃｍｓ－ａｄｍｉｎ") == "cms-admin"


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\x00", "\x1b", "\ufeff"])
def test_invisible_and_control_characters_are_refused_with_their_position(char):
    with pytest.raises(TextError, match="position 5"):
        clean_name(f"Acme{char} Clinic")


def test_ordinary_names_pass_unchanged_but_trimmed():
    assert clean_name("  Saint Mary's Clinic, P.C.  ") == "Saint Mary's Clinic, P.C."
    assert clean_name("Åsa Núñez") == "Åsa Núñez"
    assert refused_characters("plain") == []
