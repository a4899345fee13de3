"""Copying a quote with its attribution: system clipboard first, the terminal's (OSC 52) else."""
from __future__ import annotations

import pyperclip
from textual.app import App

from annotators.statement import Statement
from tui.widgets.statement_labels import quote_text, speaker_key

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


def citation(statement: Statement, title: str) -> str:
    """``“…” — Speaker, Title``: the quote as a journalist would paste it."""
    speaker = speaker_key(statement) or "unknown speaker"
    return f"“{quote_text(statement)}” — {speaker}, {title}"


def copy_text(app: App, text: str) -> str:
    """Copy ``text`` and say where it went: ``SYSTEM``, or ``TERMINAL`` where there is none."""
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        app.copy_to_clipboard(text)
        return TERMINAL
    return SYSTEM
