"""One person across the library: titles, initials, surnames and near spellings."""
from services.speaker_identity import SpeakerIndex, person_key


def test_person_key_drops_titles_initials_and_case():
    assert person_key("President Vladimir V. Putin") == "vladimir putin"
    assert person_key("Mrs Justice Miriam Oyelaran") == "miriam oyelaran"


def test_titled_short_initialled_and_misspelt_names_are_one_person_shown_by_the_plain_full_name():
    index = SpeakerIndex(["Putin", "President Putin", "Vladimir V. Putin", "Vladimir Putin", "Vladmir Putin"])
    assert {index.person(n) for n in ["Putin", "President Putin", "Vladimir V. Putin", "Vladmir Putin"]} == {"Vladimir Putin"}
    assert set(index.names_of("Vladimir Putin")) == {"Putin", "President Putin", "Vladimir V. Putin", "Vladimir Putin", "Vladmir Putin"}


def test_a_surname_two_people_share_stays_apart_from_both():
    index = SpeakerIndex(["Hillary Clinton", "Bill Clinton", "Clinton"])
    assert index.person("Clinton") == "Clinton"
    assert index.person("Bill Clinton") == "Bill Clinton" != index.person("Hillary Clinton")


def test_a_merge_by_hand_joins_two_groups_and_without_it_they_are_apart():
    names = ["Tidewater Broadcasting", "TWB"]
    assert SpeakerIndex(names).person("TWB") == "TWB"
    merged = SpeakerIndex(names, merges=[("TWB", "Tidewater Broadcasting")])
    assert merged.person("TWB") == merged.person("Tidewater Broadcasting") == "Tidewater Broadcasting"
