"""Pairing quotation marks without spaCy: curly, straight, guillemets, apostrophes, odd marks."""
from __future__ import annotations

from annotators.quote_marks import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_quotes_pair():
    assert quoted("“The road is closed,” the officer said.") == ["“The road is closed,”"]


def test_straight_quotes_pair():
    assert quoted('"The road is closed," the officer said.') == ['"The road is closed,"']


def test_guillemets_pair():
    assert quoted("«La route est fermée», a dit l'agent.") == ["«La route est fermée»"]


def test_doubled_apostrophes_act_as_a_double_mark():
    assert quoted("''It is done,'' she said.") == ["''It is done,''"]


def test_apostrophes_are_not_quotes():
    text = "Russia’s envoy said the students’ union didn’t exist in the ’90s, and don't ask."
    assert quoted(text) == []


def test_single_quotes_pair_when_used_as_quotes():
    assert quoted("The paper called it ‘a triumph’ on Sunday.") == ["‘a triumph’"]


def test_nested_quote_stays_inside_outer_quote():
    text = "“They shouted ‘leave now’ at us,” he said."
    assert quoted(text) == ["“They shouted ‘leave now’ at us,”"]


def test_multi_paragraph_quote_shares_one_group():
    text = "“The first part goes on\n\n“and the second part ends here,” she said."
    quotes = find_quotes(text)
    assert [q.group for q in quotes] == [0, 0]
    assert not quotes[0].closed and quotes[1].closed


def test_unclosed_quote_ends_at_its_paragraph():
    text = "He said “this never ends\n\nA new paragraph without marks."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "“this never ends" and not quote.closed


def test_stray_closing_mark_is_ignored():
    assert quoted("The plan failed” badly. “Then it worked,” she said.") == ["“Then it worked,”"]
