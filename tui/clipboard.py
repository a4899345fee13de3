"""Copying text: system clipboard first, the terminal's (OSC 52) else."""
from __future__ import annotations

import pyperclip
from textual.app import App

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


def copy_text(app: App, text: str) -> str:
    """Copy ``text`` and say where it went: ``SYSTEM``, or ``TERMINAL`` where there is none."""
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        app.copy_to_clipboard(text)
        return TERMINAL
    return SYSTEM
