"""Attribution patterns found in the PolNeAR error analysis, one test each, on texts written for
these tests: quote boundaries, cues in neighbouring sentences, speakers the parse hides."""
from __future__ import annotations

from annotators.gender import gender_of_name, gender_of_title
from annotators.pipeline import extract


def statement_with(statements, snippet: str):
    """The statement whose content holds ``snippet``."""
    found = [s for s in statements if any(snippet in q.text for q in s.quote)]
    assert len(found) == 1, statements
    return found[0]


def test_lowercase_quote_after_a_new_sentence_is_not_a_continuation(nlp):
    text = (
        "“We will not sign a deal that leaves farmers behind,” Minister Ruth Adler said after the "
        "talks ended. The meeting achieved “very little,” she added."
    )
    statements = extract(nlp, text)
    first = statement_with(statements, "leaves farmers behind")
    assert [q.text for q in first.quote] == ["“We will not sign a deal that leaves farmers behind,”"]
    assert statement_with(statements, "very little").cue.text == "added"


def test_quote_after_another_verb_is_its_own_statement(nlp):
    text = (
        "“The harbour is safe again,” he said, adding that “the old rules on fishing boats were "
        "never enforced.”"
    )
    statements = extract(nlp, text)
    rest = statement_with(statements, "never enforced")
    assert rest.cue.text == "adding" and rest.speaker.text == "he"
    assert statement_with(statements, "harbour is safe").cue.text == "said"


def test_byline_dash_glued_to_the_closing_mark(nlp):
    text = "“The new tram line changed how our whole street does its shopping every week.”― Maria Ortiz"
    s = extract(nlp, text)[0]
    assert s.speaker_name == "Maria Ortiz"


def test_said_opening_the_sentence_before_a_name(nlp):
    text = "Said Ellis: “I do not see any interest in fixing the tax code this year.”"
    s = extract(nlp, text)[0]
    assert s.speaker.text == "Ellis" and s.cue.text == "Said"


def test_reported_content_stays_in_its_paragraph(nlp):
    text = (
        "The mayor said the district would hire “more teachers than ever”\n\n"
        "Parents at the meeting asked about class sizes and bus routes."
    )
    for s in extract(nlp, text):
        assert all("\n" not in q.text for q in s.quote), s


def test_mixed_statement_does_not_swallow_a_quote_with_its_own_speaker(nlp):
    text = (
        "Officials said the new rules cover only full-time staff, and when asked about part-time "
        "workers, the agency director replied, “They will be covered from next year.”"
    )
    s = statement_with(extract(nlp, text), "covered from next year")
    assert s.kind == "direct" and s.cue.text == "replied"
    assert s.speaker.text == "the agency director"


def test_next_sentence_cue_belongs_to_its_own_quote(nlp):
    text = (
        "My aunt was upset, so I gave in: “Fine, we will drive to the coast.” To which she said, "
        "“Thank you, that is all I wanted.”"
    )
    statements = extract(nlp, text)
    thanks = statement_with(statements, "Thank you")
    assert [q.text for q in thanks.quote] == ["“Thank you, that is all I wanted.”"]
    assert thanks.speaker.text == "she"


def test_quote_after_a_closing_cue_takes_that_cue(nlp):
    text = (
        "Lena Brandt said the series took four years because “nobody had filmed those archives,” "
        "she said. “We had to start from nothing.”"
    )
    s = statement_with(extract(nlp, text), "start from nothing")
    assert s.cue.text == "said" and s.speaker.text == "she"


def test_dateline_is_not_the_speaker(nlp):
    text = "10:30 a.m.\n\nThe governor says the storm damage will cost “far more than the last one.”"
    s = extract(nlp, text)[0]
    assert s.speaker.text == "The governor"


def test_according_to_a_misparsed_noun_phrase(nlp):
    text = "The chef shouted at the staff for hours, according to show insiders."
    s = extract(nlp, text)[0]
    assert s.cue.text == "according" and "insiders" in s.speaker.text


def test_called_object_and_quoted_predicate_make_one_mixed_statement(nlp):
    text = "Party chairman Victor Lang called Friday's ruling a “huge win for local voters.”"
    s = extract(nlp, text)[0]
    assert s.kind == "mixed" and s.speaker_name == "Victor Lang"
    assert s.quote[0].text.startswith("Friday's ruling")


def test_reported_content_stops_before_a_second_verb_of_the_speaker(nlp):
    text = (
        "The ministry said it was “firmly opposed” to the dam and warned the neighbours to stop "
        "the work."
    )
    s = statement_with(extract(nlp, text), "firmly opposed")
    assert s.quote[0].text == "it was “firmly opposed” to the dam"


def test_that_clause_after_a_time_phrase(nlp):
    text = "Nolan tweeted in the early hours that the referee was “blind” and “a disgrace”."
    s = extract(nlp, text)[0]
    assert s.cue.text == "tweeted" and s.quote[0].text.startswith("that the referee")


def test_characterising_verb_outside_the_lexicon(nlp):
    text = "Senator Alma Reyes branded the tax plan a “giveaway to donors” during the debate."
    s = extract(nlp, text)[0]
    assert s.kind == "mixed" and s.speaker_name == "Alma Reyes" and s.cue.text == "branded"


def test_quote_of_two_sentences_keeps_its_governing_cue(nlp):
    text = (
        "Dunn told the radio host that “they blamed the referee because he was too soft. What "
        "they are doing is working the officials, plain and simple.”"
    )
    s = extract(nlp, text)[0]
    assert s.cue.text == "told" and s.speaker.text == "Dunn"
    assert "plain and simple" in s.quote[0].text


def test_quote_without_cue_takes_the_speaker_of_the_sentence_before(nlp):
    text = (
        "Councillor Ada Moss said the budget leaves the libraries short. “We cannot keep the "
        "branches open on weekends with this money, and everybody knows it.”"
    )
    s = statement_with(extract(nlp, text), "branches open")
    assert s.speaker.text == "Councillor Ada Moss" and s.speaker_name == "Ada Moss"


def test_relative_that_names_the_document(nlp):
    text = "He released a letter from his doctor that says he has “excellent health” for his age."
    s = statement_with(extract(nlp, text), "excellent health")
    assert s.speaker.text == "a letter"


def test_colon_cue_in_the_previous_paragraph(nlp):
    text = (
        "The county report says:\n\n"
        "“Most of the new homes were built on land that floods every ten years or so.”"
    )
    s = extract(nlp, text)[0]
    assert s.cue.text == "says" and s.speaker.text == "The county report"


def test_complement_after_the_cue_is_the_content(nlp):
    text = "Claiming the audit was rigged, Mayor Tom Reed told reporters that the city “did nothing wrong.”"
    s = statement_with(extract(nlp, text), "did nothing wrong")
    assert s.cue.text == "told" and s.quote[0].text.startswith("that the city")


def test_cue_with_a_prepositional_object(nlp):
    text = "Senator Kim Hale called for an independent inquiry into the failed water contracts."
    s = extract(nlp, text)[0]
    assert s.cue.text == "called" and s.quote[0].text.startswith("an independent inquiry")


def test_parenthetical_said_reports_the_longer_side_of_the_clause_it_interrupts(nlp):
    text = "Most farmers in the valley, Mayor Ines Ward said, have already sold their winter hay."
    s = extract(nlp, text)[0]
    assert s.speaker_name == "Ines Ward" and s.cue.text == "said"
    assert [q.text for q in s.quote] == ["have already sold their winter hay"]


def test_as_the_paper_reported_attributes_the_main_clause(nlp):
    text = "As The Ledger reported on Sunday, the port authority has quietly cancelled the new terminal."
    s = extract(nlp, text)[0]
    assert s.speaker.text == "The Ledger" and "cancelled the new terminal" in s.quote[0].text


def test_asked_opening_a_sentence_names_no_asker(nlp):
    text = "Asked whether the bridge would reopen by summer, the engineer shrugged and left the room."
    s = extract(nlp, text)[0]
    assert s.cue.text == "Asked" and s.speaker is None
    assert s.quote[0].text.startswith("whether the bridge")


def test_belief_verb_counts_when_its_complement_quotes_someone(nlp):
    text = "Most residents agreed that the new bus lanes were “a waste of good road.”"
    s = extract(nlp, text)[0]
    assert s.cue.text == "agreed" and s.kind == "mixed"
    assert extract(nlp, "Most residents agreed that the new bus lanes were a waste.") == []


def test_urged_keeps_its_object_in_the_content(nlp):
    text = "The union urged the hospital board to reopen the night clinic before winter."
    s = extract(nlp, text)[0]
    assert s.quote[0].text == "the hospital board to reopen the night clinic before winter"


def test_complement_keeps_a_second_verb_that_is_not_a_cue(nlp):
    text = "Company officials say they are checking every invoice and hiring outside auditors."
    s = extract(nlp, text)[0]
    assert s.quote[0].text == "they are checking every invoice and hiring outside auditors"

def test_group_noun_keeps_its_own_name_before_a_newly_named_speaker(nlp):
    text = (
        "The council warned that the ferry subsidy would end in March.\n\n"
        "“We cannot keep the boats running,” said Omar Haddad, who runs the harbour office.\n\n"
    )
    s = statement_with(extract(nlp, text), "ferry subsidy")
    assert (s.speaker.text, s.speaker_name) == ("The council", "the council")


def test_unnamed_role_takes_the_person_named_in_the_next_paragraph(nlp):
    text = (
        "Norway’s envoy to the talks accused the delegates of stalling over fishing quotas.\n\n"
        "“Every week of delay costs our coastal towns,” Jörg Halvorsen said.\n\n"
    )
    s = statement_with(extract(nlp, text), "fishing quotas")
    assert s.speaker.text == "Norway’s envoy" and s.speaker_name == "Jörg Halvorsen"


def test_she_skips_a_nearer_man(nlp):
    text = (
        "Ana Kovač met Jörg Halvorsen at the port authority on Tuesday. "
        "“The new cranes will double our capacity,” she said."
    )
    s = statement_with(extract(nlp, text), "new cranes")
    assert s.speaker.text == "she" and s.speaker_name == "Ana Kovač"


def test_he_skips_a_nearer_woman(nlp):
    text = (
        "Jörg Halvorsen sat beside Ana Kovač during the hearing. "
        "“Nobody asked the dock workers,” he said."
    )
    s = statement_with(extract(nlp, text), "dock workers")
    assert s.speaker_name == "Jörg Halvorsen"


def test_title_gives_the_gender_of_an_unlisted_name(nlp):
    text = (
        "Ms. Tamberlane thanked Mr. Okoro for the survey of the estuary. "
        "“The water is cleaner than it was a decade ago,” she said."
    )
    s = statement_with(extract(nlp, text), "water is cleaner")
    assert s.speaker_name == "Tamberlane"


def test_pronoun_takes_the_nearest_person_of_unknown_gender(nlp):
    text = (
        "Ana Kovač introduced Dara Quillfeather, the new harbour pilot. "
        "“The channel is narrower than the charts show,” he said."
    )
    s = statement_with(extract(nlp, text), "channel is narrower")
    assert s.speaker_name == "Dara Quillfeather"


def test_gender_lists_and_titles():
    assert gender_of_name("Ana Kovač") == "female" and gender_of_name("Jörg Halvorsen") == "male"
    assert gender_of_name("Kim Park") is None  # unisex names are left out
    assert gender_of_title("Mrs.") == "female" and gender_of_title("Sir") == "male"
    assert gender_of_title("Dr.") is None


def test_verb_joined_to_a_reported_clause_keeps_the_reporter(nlp):
    text = (
        "Mayor Ann Lee said the town would build a new wall next year and warned that the costs "
        "could rise sharply. Councillor Tom Reed said the vote had been rushed, arguing that "
        "residents were never properly consulted."
    )
    statements = extract(nlp, text)
    assert statement_with(statements, "costs could rise").speaker.text == "Mayor Ann Lee"
    assert statement_with(statements, "never properly consulted").speaker.text == "Councillor Tom Reed"


def test_said_in_a_statement_is_one_statement_of_the_subject(nlp):
    statements = extract(nlp, "The harbour master said in a statement that the port would reopen on Monday.")
    assert [(s.speaker.text, s.cue.text) for s in statements] == [("The harbour master", "said")]
