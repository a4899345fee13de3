"""The reader's keys outside the range modes (those are in tui/screens/range_mode.py).

Every binding has an id, so the config's ``[keys]`` can remap it; ``?`` lists them all.
"""
from __future__ import annotations

from textual.binding import Binding

READER_BINDINGS = [
    Binding("escape", "back", "Library", tooltip="Back to the library", id="reader.library"),
    Binding("n", "next_statement", "Next", tooltip="Next statement", id="reader.next"),
    Binding("j", "next_statement", "Next", show=False, tooltip="Next statement",
            id="reader.next_alt"),
    Binding("p", "previous_statement", "Previous", tooltip="Previous statement",
            id="reader.previous"),
    Binding("k", "previous_statement", "Previous", show=False, tooltip="Previous statement",
            id="reader.previous_alt"),
    Binding("slash", "search", "Search", tooltip="Search the text (enter: next match)",
            id="reader.search"),
    Binding("s", "filter_speaker", "Filter",
            tooltip="Show one speaker's statements (again: everyone's)", id="reader.filter"),
    Binding("c", "copy_quote", "Copy",
            tooltip="Copy the selected quote with its attribution", id="reader.copy"),
    Binding("a", "accept", "Accept", tooltip="Accept the statement as it is",
            id="reader.accept"),
    Binding("x", "reject", "Reject",
            tooltip="Reject the statement (kept, struck through; a accepts it again)",
            id="reader.reject"),
    Binding("e", "edit_bounds", "Edit", tooltip="Edit where the quote starts and ends",
            id="reader.edit"),
    Binding("r", "reassign", "Speaker", tooltip="Reassign the speaker", id="reader.reassign"),
    Binding("m", "note", "Note", show=False, tooltip="Write a note on the statement",
            id="reader.note"),
    *(
        Binding(str(n), f"toggle_label({n})", f"Label {n}", show=False,
                tooltip=f"Toggle label {n}", id=f"reader.label_{n}")
        for n in range(1, 10)
    ),
    Binding("v", "select_text", "Select", show=False,
            tooltip="Select text from the selected statement's paragraph (then q: make it "
            "a statement, C: make it the cue)", id="reader.select"),
    Binding("q", "make_statement", "Add statement",
            tooltip="With a selection: make it a statement (without one, q quits)",
            id="reader.add"),
    Binding("C", "mark_cue", "Cue",
            tooltip="With a selection: make it the selected statement's cue",
            id="reader.cue"),
    Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change", id="reader.undo"),
    Binding("U,ctrl+y", "redo", "Redo", show=False, tooltip="Redo what was undone",
            id="reader.redo"),
    Binding("i", "ignore", "Ignore", show=False,
            tooltip="Skip the statement (recorded as ignored)", id="reader.ignore"),
    Binding("ctrl+n", "toggle_advance", "Advance", show=False,
            tooltip="Move on after accept/reject (on/off)", id="reader.advance"),
    Binding("N", "next_unreviewed", "Unreviewed", tooltip="Next unreviewed statement",
            id="reader.next_unreviewed"),
    Binding("D", "toggle_done", "Done", show=False,
            tooltip="Mark the article done (again: in progress)", id="reader.done"),
    Binding("t", "toggle_panels", "Panels",
            tooltip="Show or hide the speakers and statements panels (remembered)",
            id="reader.panels"),
]  # fmt: skip

#: What the footer shows first outside the range modes, most used first (then the other
#: keys, while they fit; ``app.help``, ?, is always shown).
FOOTER_ORDER = [
    "next_statement", "accept", "reject", "edit_bounds", "reassign", "undo", "app.help",
    "previous_statement", "next_unreviewed", "toggle_panels", "search", "filter_speaker",
    "copy_quote", "back", "app.quit",
]  # fmt: skip
