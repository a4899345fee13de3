"""Canonical speaker names keep names as written and map short forms to full ones."""
from annotators.pipeline import extract


def names(nlp, text: str) -> list[str | None]:
    return [s.speaker_name for s in extract(nlp, text)]


def test_hyphenated_name_keeps_its_hyphen_and_its_short_form_maps_to_it(nlp):
    text = (
        "Councillor Søren Aaberg-Holm voted against the plan on Tuesday.\n\n"
        "“The wall is a gamble with public money,” Aaberg-Holm said after the vote."
    )
    assert names(nlp, text) == ["Søren Aaberg-Holm"]


def test_two_word_surname_maps_to_the_full_name(nlp):
    text = (
        "“This is our club,” said Aoife Ní Bhriain, who chairs the supporters’ trust.\n\n"
        "“We want the club back in the town’s hands,” Ní Bhriain said on Friday."
    )
    assert names(nlp, text)[-1] == "Aoife Ní Bhriain"


def test_name_in_an_apposition_is_the_full_name_for_later_mentions(nlp):
    text = (
        "The harbour’s director general, Clémence Fauré-Ndiaye, met the union on Monday.\n\n"
        "“We put the offer in writing,” Fauré-Ndiaye said."
    )
    assert names(nlp, text)[-1] == "Clémence Fauré-Ndiaye"


def test_an_organisation_is_named_in_full_not_by_its_last_word(nlp):
    text = "The National Medicines Safety Agency said the tablets were safe to take."
    assert names(nlp, text) == ["National Medicines Safety Agency"]


def test_a_quote_mark_never_becomes_a_speaker_name(nlp):
    text = (
        "«The cranes stay,» said the port’s director, Yannick Boël. "
        "The authority says nobody would be dismissed."
    )
    assert all(name and any(c.isalpha() for c in name) for name in names(nlp, text))
