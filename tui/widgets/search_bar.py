"""The search field shown by ``/``: enter finds the next match, escape closes it."""
from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """A one-line search field; submitting posts ``Input.Submitted``, escape posts ``Closed``."""

    BINDINGS = [Binding("escape", "close", "Close search", id="search.close")]

    class Closed(Message):
        """The user closed the search field."""

    def action_close(self) -> None:
        self.post_message(self.Closed())
