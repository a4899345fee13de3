"""The speaker picker's order: names the typed text begins first, then names holding it,
then near spellings."""
from services.speaker_names import rank_names

NAMES = [
    "the engineering department", "the mayor’s office", "a shout from the public gallery",
    "Alan Threlfall", "Green and Independent", "Zoë Brontë-Lindqvist",
]


def test_a_name_whose_word_the_text_begins_comes_first():
    assert rank_names("thre", NAMES)[0] == "Alan Threlfall"
    assert rank_names("lind", NAMES)[0] == "Zoë Brontë-Lindqvist"  # inside a double-barrelled name


def test_a_name_holding_the_text_comes_before_near_spellings():
    ranked = rank_names("gallery", NAMES)
    assert ranked[0] == "a shout from the public gallery"


def test_a_misspelling_still_finds_the_name():
    assert rank_names("Threlfal", NAMES)[0] == "Alan Threlfall"
    assert rank_names("", NAMES) == NAMES
