"""Reading article files: formats, titles, decoding and bad input."""
from pathlib import Path

import pytest

from corpus.errors import ArticleError
from corpus.importers import read_article
from corpus.text import make_inert, paragraphs


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def test_plain_text_short_first_line_is_the_title(tmp_path):
    p = write(tmp_path, "bridge.txt", "Bridge reopens\n\nThe bridge reopened on Monday.\n\nTraffic was light.\n")
    a = read_article(p)
    assert a.title == "Bridge reopens"
    assert a.text == "The bridge reopened on Monday.\n\nTraffic was light."


def test_plain_text_without_headline_takes_title_from_file_name(tmp_path):
    p = write(tmp_path, "harbour-strike_day-two.txt", "Dockers walked out again, the union said.\n")
    a = read_article(p)
    assert a.title == "Harbour strike day two"
    assert a.text.startswith("Dockers walked out")


def test_markdown_heading_is_the_title_and_markup_is_removed(tmp_path):
    p = write(tmp_path, "vote.md", "# Council backs the levy\n\nThe **council** voted, [the clerk](http://x.example) said.\n")
    a = read_article(p)
    assert a.title == "Council backs the levy"
    assert a.text == "The council voted, the clerk said."


def test_html_main_text_and_title_are_extracted(tmp_path):
    page = (
        "<!doctype html><html><head><title>Ferry fares rise | Coast Post</title></head><body>"
        "<nav>Home | Sport | Weather</nav><article><h1>Ferry fares rise</h1>"
        "<p>Ferry fares will rise by a tenth in spring, the operator said on Thursday.</p>"
        "<p>“We held prices for three years,” said Ines Marlow, its director. “That is over.”</p>"
        "</article><footer>All rights reserved</footer></body></html>"
    )
    a = read_article(write(tmp_path, "ferry.html", page))
    assert a.title == "Ferry fares rise"
    assert "the operator said on Thursday" in a.text
    assert "Ines Marlow" in a.text
    assert "All rights reserved" not in a.text and "Sport" not in a.text


def test_square_brackets_are_kept_as_text(tmp_path):
    a = read_article(write(tmp_path, "b.txt", "“They [the board] knew,” she said. [bold]not markup[/bold]\n"))
    assert "[the board]" in a.text and "[bold]" in a.text


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ArticleError, match=r"nope\.txt: no such file"):
        read_article(tmp_path / "nope.txt")


def test_folder_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="is a folder"):
        read_article(tmp_path)


def test_binary_file_is_refused(tmp_path):
    p = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ArticleError, match="photo.txt: looks like a binary file"):
        read_article(p)


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="empty.txt: is empty"):
        read_article(write(tmp_path, "empty.txt", "  \n\n "))


def test_invalid_utf8_is_decoded_as_windows_1252_with_a_warning(tmp_path):
    p = write(tmp_path, "latin.txt", "Café owner Zoë said prices rose.".encode("cp1252"))
    a = read_article(p)
    assert a.text == "Café owner Zoë said prices rose."
    assert len(a.warnings) == 1 and "latin.txt" in a.warnings[0] and "UTF-8" in a.warnings[0]


def test_control_sequences_become_visible_symbols_one_for_one():
    raw = "Alarm\x1b[31m red\x07 bell\x9b2J"
    inert = make_inert(raw)
    assert len(inert) == len(raw)
    assert "\x1b" not in inert and "\x07" not in inert and "\x9b" not in inert
    assert inert.startswith("Alarm\u241b[31m red\u2407 bell")


def test_escape_sequences_in_a_file_never_reach_the_text(tmp_path):
    a = read_article(write(tmp_path, "esc.txt", "Headline\x1b]0;pwned\x07\n\nBody \x1b[2J text.\r\nMore.\n"))
    assert not any(ord(c) < 32 and c not in "\n\t" for c in a.title + a.text)
    assert "\r" not in a.text


def test_paragraphs_split_on_blank_lines_or_on_lines():
    text = "One.\n\nTwo\nstill two.\n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two\nstill two.", "Three."]
    lines = "One.\nTwo.\nThree."
    assert [lines[s:e] for s, e in paragraphs(lines)] == ["One.", "Two.", "Three."]


def test_five_megabyte_text_is_read(tmp_path):
    para = "The harbour authority said the ferry would run late. " * 20 + "\n\n"
    p = write(tmp_path, "big.txt", para * (5_000_000 // len(para) + 1))
    a = read_article(p)
    assert len(a.text) > 4_900_000


def test_title_from_a_file_name_with_control_characters_is_inert(tmp_path):
    p = write(tmp_path, "evil\x1b]0;x\x07.txt", "Dockers walked out again, the union said.\n")
    assert read_article(p).title == "Evil\u241b]0;x\u2407"


def test_folder_walk_leaves_out_readme_and_hidden_files(tmp_path):
    from corpus.importers import folder_articles

    for name in ("a.txt", "README.md", "readme.txt", ".draft.txt", "notes.md"):
        (tmp_path / name).write_text("The mayor said the bridge would reopen.", encoding="utf-8")
    assert [Path(p).name for p in folder_articles(tmp_path)] == ["a.txt", "notes.md"]
