"""Labels and citations of statements (services/wording.py, tui/colours.py, tui/clipboard.py)."""
from __future__ import annotations

import pyperclip

from annotators.statement import Statement, TextSpan
from services.wording import citation, preview, speaker_key
from tui import clipboard
from tui.clipboard import copy_text
from tui.colours import BASE, speaker_colours

TEXT = "“The wall will be built,” said Mayor Ana Ruiz. Ruiz said the cost was fair."


def span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start, start + len(part), part)


def direct(name: str | None = "Ana Ruiz") -> Statement:
    return Statement(
        quote=(span(TEXT, "“The wall will be built,”"),),
        cue=span(TEXT, "said"),
        speaker=span(TEXT, "Mayor Ana Ruiz"),
        speaker_name=name,
        kind="direct",
    )


def indirect() -> Statement:
    return Statement(
        quote=(span(TEXT, "the cost was fair"),),
        cue=span(TEXT, "said the"),
        speaker=span(TEXT, "Ruiz said"),
        speaker_name="Ana Ruiz",
        kind="indirect",
    )


def test_citation_puts_direct_speech_in_one_pair_of_marks():
    assert citation(direct(), "Flood wall vote") == (
        "“The wall will be built” — Ana Ruiz, Flood wall vote"
    )


def test_citation_of_reported_speech_has_no_quotation_marks():
    cited = citation(indirect(), "Flood wall vote")
    assert cited == "the cost was fair — Ana Ruiz, Flood wall vote"


def test_citation_falls_back_to_the_mention_without_a_name():
    assert citation(direct(name=None), "T").endswith("— Mayor Ana Ruiz, T")


def test_speaker_colours_are_stable_per_speaker_and_grey_for_unattributed():
    other = Statement((span(TEXT, "Ruiz"),), None, None, None, "indirect")
    colours = speaker_colours([direct(), other, indirect(), direct("Tom Bell")])
    assert list(colours) == ["Ana Ruiz", "", "Tom Bell"]
    assert colours[""] == BASE.unattributed
    assert colours["Ana Ruiz"] != colours["Tom Bell"]
    assert speaker_key(other) == ""


def test_preview_cuts_after_the_first_words():
    assert preview("one two three four", words=2) == "one two …"
    assert preview("one two", words=2) == "one two"


class FakeApp:
    def __init__(self) -> None:
        self.clipboard = ""

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard = text


def test_copy_uses_the_terminal_when_there_is_no_system_clipboard(monkeypatch):
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no mechanism")

    monkeypatch.setattr(clipboard.pyperclip, "copy", no_clipboard)
    app = FakeApp()
    assert copy_text(app, "quote") == clipboard.TERMINAL
    assert app.clipboard == "quote"


def test_copy_prefers_the_system_clipboard(monkeypatch):
    copied = []
    monkeypatch.setattr(clipboard.pyperclip, "copy", copied.append)
    app = FakeApp()
    assert copy_text(app, "quote") == clipboard.SYSTEM
    assert copied == ["quote"] and app.clipboard == ""
