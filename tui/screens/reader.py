"""The reader and annotation tool: the article with its statements marked, a statements panel
and a speakers panel; keys to accept, reject, correct and add statements.

The screen shows an ``AnnotationSession`` (services/annotation_session.py), which holds the
statements and applies the review rules; the screen asks it for changes and redraws what
they touched (``show_edit``). The text shows at once; statements arrive from a thread worker
(``parse_statements``). Editing a quote's boundaries and selecting text are modes of their own
(tui/screens/range_mode.py); the review keys' actions are in tui/screens/review_actions.py.
Outside the selection mode ``q`` quits.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import suppress

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.color import Color
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input, OptionList
from textual.worker import get_current_worker

from corpus.article import Article
from corpus.library import Library
from corpus.schema import DEFAULT_LABELS, StatementRecord
from corpus.text import paragraphs
from services.annotation_session import AnnotationSession
from services.parser_process import PARSER, LoadedStatements, ParseCancelled
from services.quote_check import Echo
from services.text_search import TextSearch
from services.wording import citation, plural, speaker_counts, speaker_key, speaker_label
from tui.clipboard import copy_text
from tui.colours import BASE, recoloured, speaker_colours, theme_palette
from tui.screens.help import key_rows
from tui.screens.range_mode import MODE_ACTIONS, RANGE_BINDINGS, RangeEditing, mode_allows
from tui.screens.reader_keys import FOOTER_ORDER, READER_BINDINGS
from tui.screens.review_actions import ReviewActions
from tui.screens.speaker_picker import SpeakerPicker
from tui.widgets.article_header import ArticleHeader, short_model
from tui.widgets.article_view import ArticleView
from tui.widgets.key_footer import KeyFooter
from tui.widgets.search_bar import SearchBar
from tui.widgets.sidebar import Sidebar
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.statement_list import StatementList
from tui.widgets.status_line import StatusLine, statement_summary


class ReaderScreen(ReviewActions, RangeEditing, Screen[None]):
    """Read one article and step through who said what."""

    BINDINGS = [*READER_BINDINGS, *RANGE_BINDINGS]
    #: Below 100 columns the panels go under the text, so that it keeps a readable measure.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    class StatementsLoaded(Message):
        """The worker has the article's statements."""

        def __init__(self, loaded: LoadedStatements) -> None:
            super().__init__()
            self.loaded = loaded

    class ParseProgressed(Message):
        """The parser has parsed ``done`` of the article's ``total`` characters."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class EchoesFound(Message):
        """The worker found which of the article's quotes other articles report too."""

        def __init__(self, echoes: dict[str, Echo]) -> None:
            super().__init__()
            self.echoes = echoes

    class StatementsFailed(Message):
        """The worker could not produce statements; ``error`` is one line for the user."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        article: Article,
        model: str,
        library: Library | None = None,
        reparse: bool = False,
        annotator: str | None = None,
        labels: tuple[str, ...] = DEFAULT_LABELS,
        open_at: str | None = None,
    ) -> None:
        """``open_at``: the id of a statement to select once the statements are shown."""
        super().__init__()
        self.open_at = open_at
        self.session = AnnotationSession(article, model, library, annotator, labels, reparse)
        self.article = article
        self.library = library
        self.labels = labels
        self.colours: dict[str, Color] = {}
        self.palette = BASE  # the speaker colours for the app's theme (set on mount)
        self.failure: str | None = None
        self.selected: int | None = None
        self.speaker_filter: str | None = None
        self.search: TextSearch | None = None
        self.echoes: dict[str, Echo] = {}  # statement id → where else the quote was reported

    @property
    def statements(self) -> list[StatementRecord]:
        """The session's statements, in text order."""
        return self.session.statements

    @property
    def loaded(self) -> LoadedStatements | None:
        return self.session.loaded

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        readonly = self.library is not None and self.library.readonly
        model = self.session.model
        yield ArticleHeader(self.article, f"parsing with {model}…", readonly, id="header")
        with Horizontal(id="body"):
            yield ArticleView(self.article.text, paragraphs(self.article.text), id="article")
            yield Sidebar(id="sidebar")
        yield SearchBar(placeholder="Search the article…", id="search")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_class(not self.app.config.panels, "-panels-hidden")
        self.palette = theme_palette(self.app)
        self.app.theme_changed_signal.subscribe(self, self.theme_changed)
        self.query_one(Sidebar).say(f"Parsing with {self.session.model}…")
        self.query_one(ArticleView).focus()
        self.watch(self.query_one(ArticleView), "scroll_y", self.place_notices, init=False)
        self.update_status()
        warning = self.session.long_parse_warning()
        if warning:
            self.notify(warning, title="Long parse", severity="warning", timeout=20)
        self.call_after_refresh(self.parse_statements)

    # -- statements arrive ---------------------------------------------------------------

    def load_statements(self) -> LoadedStatements:
        """The article's statements (``AnnotationSession.load``), parsed in the parser
        process if needed (blocking: runs in the worker; raises ParseCancelled when the
        worker is cancelled)."""
        worker = get_current_worker()

        def progressed(done: int, total: int) -> None:
            self.post_message(self.ParseProgressed(done, total))

        return self.session.load(
            lambda model, text: PARSER.parse(model, text, lambda: worker.is_cancelled, progressed)
        )

    @work(thread=True, exclusive=True, group="statements", exit_on_error=False)
    def parse_statements(self) -> None:
        """Get the statements off the UI thread and post them (or the error) back; then
        read the library's speaker names for the speaker picker."""
        try:
            loaded = self.load_statements()
        except ParseCancelled:
            return
        except Exception as exc:  # any failure of model or parser must reach the user
            message = " ".join(str(exc).split()) or type(exc).__name__
            self.post_message(self.StatementsFailed(f"{self.session.model}: {message}"))
        else:
            self.post_message(self.StatementsLoaded(loaded))
            # read here, not when the speaker picker opens; if the app is closing meanwhile,
            # the picker reads them itself
            with suppress(Exception):
                if not get_current_worker().is_cancelled:
                    self.session.library_names()
                if not get_current_worker().is_cancelled:
                    self.post_message(self.EchoesFound(self.session.echoes()))

    @on(StatementsLoaded)
    def show_statements(self, event: StatementsLoaded) -> None:
        self.session.show(event.loaded)
        self.colours = speaker_colours(self.statements, palette=self.palette)
        self.query_one(ArticleView).set_statements(self.statements, self.colours)
        state = short_model(event.loaded.model)
        if event.loaded.parse_seconds is not None:
            state += f" · parsed {event.loaded.parse_seconds:.1f} s"
        self.query_one(ArticleHeader).set_model_state(state)
        self.query_one(Sidebar).stop_loading()
        self.refresh_panels()
        self.show_progress()
        for problem in self.session.left_out:
            self.notify(problem, title="Invalid statement", severity="warning", timeout=15)
        if not self.statements:
            self.notify("No quotes or reported speech found in this article.", timeout=6)
        found = [i for i, st in enumerate(self.statements) if st.id == self.open_at]
        if found:  # opened from a speaker's quotes
            self.select_statement(found[0])
        # What is alive now (the app, the article, its statements) lives as long as the
        # reader: keep it out of the collector's full passes, which took 0.3-0.8 s each on a
        # key at 500 statements; given back when the reader closes.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()

    @on(EchoesFound)
    def show_echoes(self, event: EchoesFound) -> None:
        self.echoes = event.echoes
        self.update_status()

    @on(ParseProgressed)
    def show_parse_progress(self, event: ParseProgressed) -> None:
        if self.loaded is None and event.done < event.total:
            state = f"parsing with {self.session.model}… {event.done:,} of {event.total:,} characters"
            self.query_one(ArticleHeader).set_model_state(state)

    @on(StatementsFailed)
    def show_failure(self, event: StatementsFailed) -> None:
        self.failure = event.error
        self.query_one(ArticleHeader).set_model_state("no statements: the model failed")
        self.query_one(Sidebar).stop_loading()
        self.query_one(Sidebar).say("No statements: the model failed.")
        self.notify(event.error, title="Could not find statements", severity="error", timeout=15,
                    slot=None)  # fmt: skip
        self.update_status()

    def theme_changed(self, theme: Theme) -> None:
        """Give every speaker their colour made legible on the new theme."""
        palette, self.palette = self.palette, theme_palette(self.app)
        self.colours = recoloured(self.colours, palette, self.palette)
        if self.loaded is not None:
            self.query_one(ArticleView).set_statements(self.statements, self.colours, self.selected)
            self.refresh_panels()
        if self.range_mode == "edit" and self.range is not None:
            self.set_range(self.range)  # the draft quote, in the new colour

    # -- panels and status ---------------------------------------------------------------

    def visible_indexes(self) -> list[int]:
        """Indexes of the statements the filter lets through, in text order."""
        if self.speaker_filter is None:
            return list(range(len(self.statements)))
        return [i for i, s in enumerate(self.statements) if speaker_key(s) == self.speaker_filter]

    def refresh_panels(self) -> None:
        """Rebuild both panels from the statements and the filter."""
        visible = self.visible_indexes()
        sidebar = self.query_one(Sidebar)
        sidebar.show(self.statements, self.colours, visible, self.selected, self.speaker_filter)
        self.update_status()

    def update_status(self) -> None:
        """One line: the mode, where the reader is, the filter and the search."""
        if self.failure is not None:
            where = Content("no statements: the model failed (see the notification)")
        elif self.loaded is None:
            where = Content(f"parsing with {self.session.model}…")
        elif self.selected is None:
            where = Content(f"{plural(len(self.statements), 'statement')} · n: next, ?: keys")
        else:
            total = len(self.statements)
            statement = self.statements[self.selected]
            where = statement_summary(statement, self.selected, total, self.colours)
            if statement.id in self.echoes:
                where = Content.assemble(where, (f" · {self.echoes[statement.id].label}", "bold"))
        self.query_one(StatusLine).show(self.range_mode, where, self.speaker_filter, self.search)

    def show_progress(self) -> None:
        self.query_one(ArticleHeader).set_progress(self.session.progress())

    # -- selection -----------------------------------------------------------------------

    def select_statement(self, index: int | None, *, scroll: bool = True) -> None:
        """Make one statement the current one: marked in the text, highlighted in the list."""
        self.selected = index
        self.query_one(ArticleView).select(index, scroll=scroll)
        self.query_one(StatementList).highlight_statement(index)
        self.update_status()
        self.place_notices()

    # -- notices ---------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False,
               slot: str | None = "reader") -> None:  # fmt: skip
        """The reader's notices share one slot: a burst of keys shows one notice that
        changes, not a stack (``slot=None``: a notice of its own, such as the model's failure)."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, slot=slot)

    def place_notices(self) -> None:
        """Show notices at the top (under the header) or the bottom (over the footer) of
        the screen, whichever has more room beside the selected statement, so that they
        never cover it (at 80×24 the bottom is the panels, under the text)."""
        view = self.query_one(ArticleView)
        rows = view.rows_of(self.selected) if self.selected is not None else None
        if rows is None:
            self.remove_class("-notices-top")
            return
        first, last = rows
        header = self.query_one(ArticleHeader).outer_size.height
        footer = self.query_one(KeyFooter).region.y
        self.set_class(first - header > footer - 1 - last, "-notices-top")

    def _step(self, forward: bool) -> None:
        if self.loaded is None:
            self.notify(f"Still parsing with {self.session.model}…", timeout=3)
            return
        visible = self.visible_indexes()
        if not visible:
            self.notify("No statements to step through.", timeout=3)
            return
        here = self.query_one(ArticleView).top_offset()
        choice = self.session.step(visible, self.selected, forward, here)
        if choice is None:
            self.app.bell()
            self.notify("Last statement." if forward else "First statement.", timeout=2)
            return
        self.select_statement(choice)

    def action_next_statement(self) -> None:
        """Select the next statement and scroll the text to it."""
        self._step(forward=True)

    def action_previous_statement(self) -> None:
        """Select the previous statement and scroll the text to it."""
        self._step(forward=False)

    def action_next_unreviewed(self) -> None:
        """Select the next statement nobody has reviewed yet (wrapping to the top)."""
        if self.loaded is not None:
            choice = self.attempt(lambda: self.session.next_unreviewed(self.selected))
            if choice is not None:
                self.select_statement(choice)

    @on(OptionList.OptionSelected, "#statements")
    def jump_to_statement(self, event: OptionList.OptionSelected) -> None:
        self.select_statement(self.query_one(StatementList).statement_index(event.option))

    @on(OptionList.OptionHighlighted, "#statements")
    def follow_list_cursor(self, event: OptionList.OptionHighlighted) -> None:
        listing = self.query_one(StatementList)
        index = listing.statement_index(event.option)
        if listing.has_focus and index != self.selected:
            self.select_statement(index)

    @on(ArticleView.StatementClicked)
    def select_clicked(self, event: ArticleView.StatementClicked) -> None:
        if self.range_mode is None:
            self.select_statement(event.index, scroll=False)

    @on(ArticleView.TextSelected)
    def text_dragged(self, event: ArticleView.TextSelected) -> None:
        self.select_dragged(event.start, event.end)

    # -- filter by speaker -----------------------------------------------------------------

    def action_filter_speaker(self) -> None:
        """Pick a speaker whose statements to show; when a filter is on, show everyone again."""
        if self.speaker_filter is not None:
            self.set_speaker_filter(None)
        elif not self.statements:
            self.notify("No speakers yet.", timeout=3)
        else:
            self.app.push_screen(
                SpeakerPicker(dict(speaker_counts(self.statements)), self.colours),
                self.set_speaker_filter,
            )

    @on(OptionList.OptionSelected, "#speakers")
    def toggle_speaker(self, event: OptionList.OptionSelected) -> None:
        key = self.query_one(SpeakerList).key_of(event.option)
        self.set_speaker_filter(None if key == self.speaker_filter else key)

    def set_speaker_filter(self, key: str | None) -> None:
        """List only this speaker's statements (``None``: everyone's)."""
        self.speaker_filter = key
        self.query_one(ArticleView).set_focus_speaker(key)
        self.refresh_panels()
        visible = self.visible_indexes()
        if self.selected not in visible:  # the status line must not name a hidden statement
            self.select_statement(visible[0] if visible else None)
        if key is not None:
            self.notify(f"Showing {speaker_label(key)} only; s shows everyone.", timeout=3)

    # -- search and copy ---------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search field."""
        if self.range_mode is not None:
            self.action_range_cancel()
        bar = self.query_one(SearchBar)
        bar.add_class("-open")
        bar.focus()

    @on(Input.Submitted, "#search")
    def find_next(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        view = self.query_one(ArticleView)
        start = None
        if self.search is None or self.search.query != query:
            self.search, start = TextSearch(query, self.article.text), view.top_offset()
        if self.search.next(start):
            self.notify("Search wrapped to the top.", timeout=2)
        view.set_match(self.search.match)
        if self.search.match is None:
            self.notify(f"No match for “{query}”.", severity="warning", timeout=3)
        self.update_status()

    @on(SearchBar.Closed)
    def close_search(self) -> None:
        self.query_one(SearchBar).remove_class("-open")
        self.query_one(ArticleView).focus()

    def action_copy_quote(self) -> None:
        """Copy the selected quote with its attribution to the clipboard."""
        if self.selected is None:
            self.notify("Select a statement first (n or the list).", severity="warning", timeout=3)
            return
        text = citation(self.statements[self.selected], self.article.title)
        where = copy_text(self.app, text)
        self.notify(text, title=f"Copied to the {where}", timeout=5)

    # -- keys in force -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While editing or selecting, only that mode's keys (the footer shows just them);
        outside those modes, none of them. Nothing while a dialog covers the reader (so its
        footer offers no key of the reader)."""
        if not self.is_active:
            return False
        if self.range_mode is None and action == "back":
            return len(self.app.screen_stack) > 1
        return mode_allows(self.range_mode, action)

    @on(events.ScreenSuspend)
    @on(events.ScreenResume)
    def dialog_opened_or_closed(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        """Leave the article for the library screen (index counts are written on the way)."""
        if self.library is not None and not self.library.readonly:
            self.library.flush()
        self.dismiss()

    def footer_order(self) -> list[str]:
        """The actions the footer shows first (the rest follow while they fit; ? lists all)."""
        return FOOTER_ORDER

    def action_toggle_panels(self) -> None:
        """Show or hide the speakers and statements panels; the config remembers."""
        hidden = not self.has_class("-panels-hidden")
        self.set_class(hidden, "-panels-hidden")
        if hidden and self.query_one(Sidebar).has_focus_within:
            self.query_one(ArticleView).focus()
        self.app.remember("panels", not hidden)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """One command-palette entry per reader action, named as in the help."""
        for action, keys, text, _ in key_rows(self.app, self):
            if "(" in action or action in MODE_ACTIONS:
                continue  # needs a parameter or a selection: keys only
            yield SystemCommand(text, f"key: {keys}", getattr(self, f"action_{action}"))
