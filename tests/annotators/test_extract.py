"""One attribution pattern per test, on short texts written for these tests."""
from __future__ import annotations

from annotators.pipeline import extract


def only(statements):
    assert len(statements) == 1, statements
    return statements[0]


def test_curly_quote_gets_speaker_and_cue(nlp):
    s = only(extract(nlp, "“The bridge will reopen in May,” Mayor Ellen Porter said on Monday."))
    assert (s.kind, s.speaker.text, s.cue.text) == ("direct", "Mayor Ellen Porter", "said")
    assert s.speaker_name == "Ellen Porter"


def test_straight_quote_with_inverted_cue(nlp):
    s = only(extract(nlp, 'The council met on Tuesday. "The budget is balanced," said Councilman Raj Patel.'))
    assert s.speaker_name == "Raj Patel" and s.quote[0].text == '"The budget is balanced,"'


def test_guillemet_quote_is_found(nlp):
    s = only(extract(nlp, "«Nous restons vigilants», Mayor Ellen Porter said."))
    assert s.quote[0].text == "«Nous restons vigilants»" and s.speaker_name == "Ellen Porter"


def test_split_quote_keeps_one_speaker(nlp):
    text = "“We will rebuild the bridge,” Ellen Porter said. “The money is already there.”"
    s = only(extract(nlp, text))
    assert [q.text for q in s.quote] == ["“We will rebuild the bridge,”", "“The money is already there.”"]
    assert s.speaker_name == "Ellen Porter"


def test_multi_paragraph_quote_is_one_statement(nlp):
    text = (
        "Harbor Commissioner Dana Whitfield spoke at the pier on Friday.\n\n"
        "“The tide gauges are failing and the repairs will take months.\n\n"
        "“We have asked the state for help twice,” she said."
    )
    s = only(extract(nlp, text))
    assert len(s.quote) == 2 and s.speaker.text == "she"


def test_pronoun_speaker_resolves_to_preceding_person(nlp):
    text = "Senator Maria Lopez arrived late. She said the vote would be delayed until March."
    s = only(extract(nlp, text))
    assert (s.speaker.text, s.speaker_name, s.kind) == ("She", "Maria Lopez", "indirect")


def test_short_name_resolves_to_full_name(nlp):
    text = "Maria Lopez opened the hearing. Later, Lopez said the committee would publish its report."
    s = only(extract(nlp, text))
    assert s.speaker.text == "Lopez" and s.speaker_name == "Maria Lopez"


def test_according_to_names_the_source(nlp):
    s = only(extract(nlp, "According to the county clerk, turnout reached a record high this year."))
    assert s.speaker.text == "the county clerk" and s.cue.text == "According"
    assert s.quote[0].text == "turnout reached a record high this year"


def test_indirect_speech_with_that_clause(nlp):
    s = only(extract(nlp, "The governor warned that the shortage could last through the winter."))
    assert (s.kind, s.speaker.text, s.cue.text) == ("indirect", "The governor", "warned")
    assert s.quote[0].text == "that the shortage could last through the winter"


def test_quoted_fragment_in_reported_speech_is_one_mixed_statement(nlp):
    text = "The mayor accused the developers of “cutting every corner they could find” in the project."
    s = only(extract(nlp, text))
    assert s.kind == "mixed" and s.speaker.text == "The mayor"
    assert "“cutting every corner they could find”" in s.quote[0].text


def test_apostrophes_make_no_statement(nlp):
    assert extract(nlp, "The company’s profits rose in the ’90s, and the students’ union didn’t complain.") == []


def test_unbalanced_marks_keep_the_balanced_quote(nlp):
    text = "Officials said” nothing. “The road stays shut,” the officer said.\n\nHe added “and more"
    statements = extract(nlp, text)
    assert any(q.text == "“The road stays shut,”" for s in statements for q in s.quote)


def test_nested_quote_stays_in_outer_statement(nlp):
    text = "“The inspectors told us ‘no entry’ without a reason,” the farmer, Tom Becker, said."
    s = only(extract(nlp, text))
    assert s.quote[0].text == "“The inspectors told us ‘no entry’ without a reason,”"
    assert s.speaker_name == "Tom Becker"


def test_unattributed_quote_has_no_speaker(nlp):
    text = "“Nobody expected the river to rise this fast, not even the engineers who built the levee.”"
    s = only(extract(nlp, text))
    assert s.speaker is None and s.speaker_name is None and s.kind == "direct"


def test_role_noun_resolves_to_the_named_person(nlp):
    text = (
        "Ana Ruiz, the city’s housing director, toured the shelter on Sunday. "
        "The director said more beds would open in December."
    )
    s = only(extract(nlp, text))
    assert s.speaker.text == "The director" and s.speaker_name == "Ana Ruiz"
