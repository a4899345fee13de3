"""How counts and quote excerpts are worded."""
from __future__ import annotations

from annotators.statement import Statement, TextSpan
from corpus.schema import unsaved
from services.wording import plural, preview, quote_text


def test_plural_says_one_statement_and_two_statements():
    assert plural(1, "statement") == "1 statement"
    assert plural(2, "statement") == "2 statements"
    assert plural(0, "article") == "0 articles"
    assert plural(3, "match", "matches") == "3 matches"


def test_preview_cut_after_a_split_keeps_one_ellipsis():
    text = "We will protect Quayside … whatever the wall costs the city in the end"
    assert preview(text, 4) == "We will protect Quayside …"
    assert preview(text, 5) == "We will protect Quayside …"
    assert preview(text, 6) == "We will protect Quayside … whatever …"
    assert preview("Short and whole", 9) == "Short and whole"


def test_split_direct_quote_excerpt_has_no_doubled_ellipsis():
    text = "“The wall will hold,” the engineer said, “for a hundred years at the least.”"
    first, second = text.index("“The"), text.index("“for")
    spans = (TextSpan(first, first + 21, text[first : first + 21]),
             TextSpan(second, len(text), text[second:]))  # fmt: skip
    statement = unsaved(Statement(spans, None, None, "the engineer", "direct"))
    excerpt = preview(quote_text(statement), 4)
    assert excerpt == "The wall will hold …" and "… …" not in excerpt
