"""A checkbox whose state shows without colour: ``X`` when on, blank when off."""
from __future__ import annotations

from textual.widgets import Checkbox


class StateCheckbox(Checkbox):
    """A Checkbox drawn ``▐X▌`` when on and ``▐ ▌`` when off (Textual's draws X for both and
    tells them apart by colour only)."""

    @property
    def BUTTON_INNER(self) -> str:
        return "X" if self.value else " "
