"""Copying a quote with its attribution: system clipboard first, the terminal's (OSC 52) else."""
from __future__ import annotations

import pyperclip
from textual.app import App

from annotators.statement import Statement
from tui.widgets.statement_labels import quote_text, quoted, speaker_key

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


def citation(statement: Statement, title: str) -> str:
    """``“…” — Speaker, Title``: the quote as a journalist would paste it.

    Reported speech gets no quotation marks: they would attribute words the speaker did not say.
    """
    speaker = speaker_key(statement) or "unknown speaker"
    return f"{quoted(statement, quote_text(statement))} — {speaker}, {title}"


def copy_text(app: App, text: str) -> str:
    """Copy ``text`` and say where it went: ``SYSTEM``, or ``TERMINAL`` where there is none."""
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        app.copy_to_clipboard(text)
        return TERMINAL
    return SYSTEM
