"""Word wrapping that keeps character offsets (tui/text_layout.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from corpus.text import paragraphs
from tui.text_layout import layout_text, wrap_line

TEXT = (
    "The council voted on Tuesday to raise the river wall by a metre.\n\n"
    "“We cannot wait for the next flood,” the mayor said.\n\n"
    "Residents [who live near the quay] welcomed it."
)


def test_lines_fit_the_width_and_cover_every_word():
    layout = layout_text(TEXT, paragraphs(TEXT), 20)
    shown = []
    for start, end in layout.lines:
        assert cell_len(TEXT[start:end].rstrip()) <= 20
        shown.extend(TEXT[start:end].split())
    assert shown == TEXT.split()


def test_paragraphs_are_separated_by_one_empty_line():
    layout = layout_text(TEXT, paragraphs(TEXT), 200)
    assert [TEXT[s:e] for s, e in layout.lines] == [
        "The council voted on Tuesday to raise the river wall by a metre.",
        "",
        "“We cannot wait for the next flood,” the mayor said.",
        "",
        "Residents [who live near the quay] welcomed it.",
    ]


def test_line_of_finds_the_line_holding_an_offset():
    layout = layout_text(TEXT, paragraphs(TEXT), 20)
    offset = TEXT.index("mayor")
    start, end = layout.lines[layout.line_of(offset)]
    assert start <= offset < end


def test_word_longer_than_the_line_is_cut_into_full_lines():
    text = "see https://example.org/a/very/long/path/to/a/report ok"
    lines = wrap_line(text, 0, len(text), 10)
    assert "".join(text[s:e] for s, e in lines) == text
    assert all(cell_len(text[s:e].rstrip()) <= 10 for s, e in lines)


def test_wide_characters_count_two_cells():
    text = "記者会見で首相は述べた 記者会見で首相は述べた"
    lines = wrap_line(text, 0, len(text), 12)
    assert all(cell_len(text[s:e].rstrip()) <= 12 for s, e in lines)
    assert "".join(text[s:e] for s, e in lines) == text


@given(st.text(alphabet=st.sampled_from("ab —界"), max_size=200), st.integers(1, 30))
def test_wrapping_keeps_every_character_in_order(text, width):
    lines = wrap_line(text, 0, len(text), width)
    assert "".join(text[s:e] for s, e in lines) == text
