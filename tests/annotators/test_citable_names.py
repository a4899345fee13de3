"""Names a reporter can cite: no datelines or bylines, organisations once, documents labelled."""
from annotators.pipeline import extract


def names(nlp, text: str) -> list[str | None]:
    return [s.speaker_name for s in extract(nlp, text)]


def test_a_dateline_never_enters_a_name_or_a_speaker_span(nlp):
    text = (
        "KESTREL BAY - The Harbour Pilots’ Guild said on Monday that tugboats would stay in port "
        "until the storm had passed."
    )
    found = extract(nlp, text)
    assert found and "KESTREL" not in (found[0].speaker_name or "")
    assert found[0].speaker is not None and not found[0].speaker.text.startswith("KESTREL")


def test_a_byline_name_is_never_a_speaker(nlp):
    text = (
        "By Marta Quellingham\n\n"
        "LINDHOLM — Ferry crossings were cancelled on Tuesday.\n\n"
        "“We will not sail into a gale,” she said."
    )
    assert "Marta Quellingham" not in names(nlp, text)


def test_it_stands_for_the_organisation_named_before_it(nlp):
    text = (
        "Brightwater Energy said on Tuesday that it would close two of its plants. "
        "It said the closures would cost about 300 jobs."
    )
    assert names(nlp, text)[-1] == "Brightwater Energy"


def test_they_with_no_organisation_before_is_unresolved(nlp):
    text = "“Enough is enough,” they said outside the town hall on Friday evening."
    found = extract(nlp, text)
    assert found and found[0].speaker is not None and found[0].speaker_name is None


def test_the_agency_is_the_agency_named_earlier(nlp):
    text = (
        "The Coastal Fisheries Agency said on Monday that cod stocks had fallen for a third year.\n\n"
        "Trawler owners said the figures were out of date.\n\n"
        "The agency said it would publish new quotas in March."
    )
    assert names(nlp, text)[-1] == "Coastal Fisheries Agency"


def test_a_document_with_its_author_is_the_authors(nlp):
    text = "A statement from the Harbour Board said the pier would reopen in May."
    assert names(nlp, text) == ["Harbour Board"]


def test_a_document_without_an_author_is_labelled_a_document(nlp):
    text = "A report published on Friday said the cost of the bridge had doubled since 2019."
    assert names(nlp, text) == ["a report (document)"]


def test_the_minister_is_the_one_minister_named(nlp):
    text = (
        "Fisheries Minister Halvard Ostrem met trawler owners on Monday.\n\n"
        "Environmental groups said the quotas were too generous.\n\n"
        "The minister said that the quotas would be reviewed in the spring."
    )
    assert names(nlp, text)[-1] == "Halvard Ostrem"


def test_a_poll_is_its_pollsters_and_the_poll_later_is_too(nlp):
    text = (
        "A Harrowgate Research poll published on Sunday found that 41 percent of voters backed the tunnel.\n\n"
        "The poll found that support had fallen since March."
    )
    assert names(nlp, text) == ["Harrowgate Research", "Harrowgate Research"]


def test_an_acronym_is_the_organisation_it_stands_for(nlp):
    text = (
        "The Northern Rail Users Council (NRUC) met on Monday.\n\n"
        "NRUC said that the timetable would hurt commuters."
    )
    assert names(nlp, text)[-1] == "Northern Rail Users Council"


def test_a_title_case_headline_never_glues_words_onto_a_name(nlp):
    text = (
        "Halloran Wins Backing From Dock Unions\n\n"
        "Senator Brigid Halloran met dock workers on Monday.\n\n"
        "Halloran said that the port would stay open."
    )
    assert names(nlp, text)[-1] == "Brigid Halloran"


def test_he_after_a_speakers_quote_is_that_speaker_not_the_last_man_named(nlp):
    text = (
        "“We trained with half the equipment we needed,” retired colonel Anselm Grieve said, "
        "adding that he had never agreed with Governor Tobias Marsh’s budget.\n\n"
        "“Nobody in the regiment was surprised,” he said."
    )
    assert names(nlp, text)[-1] == "Anselm Grieve"


def test_the_club_is_the_club_an_apposition_named(nlp):
    text = (
        "Kestrel Harriers, the third-tier rugby club that nearly folded in May, have found a buyer.\n\n"
        "The club said that the sale would be completed by the end of the month."
    )
    assert names(nlp, text)[-1] == "Kestrel Harriers"


def test_a_description_keeps_the_phrase_that_says_whose_it_is(nlp):
    text = "A spokesman for the Harbour Board said the pier would reopen in May."
    assert names(nlp, text) == ["a spokesman for the Harbour Board"]


def test_an_organisation_name_with_a_possessive_inside_stays_whole(nlp):
    text = "The Freight Forwarders’ Association said that 9,000 containers were stuck on the quays."
    assert names(nlp, text) == ["Freight Forwarders’ Association"]
