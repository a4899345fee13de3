"""One article being read and annotated: its statements and the review rules, without Textual.

The reader screen (tui/screens/reader.py) drives a session and shows what it holds; the
command line and tests use it the same way. Where statements come from is decided in one
place (``load``): the library's stored parse, else the parser, whose result is saved. Every
change goes through the library first; the records it returns are what the session holds.

Actions hold the changed statements at once and return an ``Edit`` (what changed where, and
what to tell the user), or raise ``Refused`` (nothing to do, or nothing could be saved: the
message says why).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from annotators.review import next_to_review
from corpus.article import Article
from corpus.library import Library
from corpus.schema import (
    DEFAULT_LABELS,
    StatementRecord,
    decode,
    found_record,
    guess_kind,
    span_dict,
    unsaved,
)
from corpus.store_errors import ReadOnlyLibraryError, StoreError, UnknownStatementError
from services.parser_process import LoadedStatements
from services.quote_check import Echo, echoes
from services.speaker_names import candidate_names
from services.wording import edit_name, plural, preview, quote_text, speaker_counts, speaker_key

T = TypeVar("T")
#: Texts at least this long get a warning before they are parsed (``long_parse_warning``).
LONG_PARSE_CHARS = 500_000
#: Roughly how fast the smallest English model parses on one core (bench/RESULTS.md).
PARSE_CHARS_PER_MINUTE = 600_000
Parse = Callable[[str, str], LoadedStatements]
"""``parse(model, text)``: what a model finds in a text (blocking)."""


class Refused(Exception):
    """An action that did nothing: ``message`` says why, ``title`` and ``severity`` how
    loudly (``information`` for a hint, ``warning``/``error`` when a change was not saved)."""

    def __init__(self, message: str, severity: str = "information", title: str = "") -> None:
        super().__init__(message)
        self.message, self.severity, self.title = message, severity, title


@dataclass(frozen=True)
class Moved:
    """One statement as changed: where it was and is in ``statements`` (None: absent), and
    the statement before and after."""

    old: int | None
    new: int | None
    before: StatementRecord | None
    after: StatementRecord | None


@dataclass
class Edit:
    """What an action changed, in the order made (the last is the one to select), and a
    message for the user."""

    moved: list[Moved] = field(default_factory=list)
    message: str | None = None


def mention_fits(mention: str, name: str) -> bool:
    """Whether a speaker mention in the text can still be the person ``name`` (a pronoun or
    other lower-case mention, or part of the name): a new speaker name keeps it if so."""
    return mention[:1].islower() or mention.casefold() in name.casefold()


class AnnotationSession:
    """The statements of one article and the actions people take on them."""

    def __init__(
        self,
        article: Article,
        model: str,
        library: Library | None = None,
        annotator: str | None = None,
        labels: tuple[str, ...] = DEFAULT_LABELS,
        reparse: bool = False,
    ) -> None:
        self.article = article
        self.model = model
        self.library = library
        self.annotator = annotator
        self.labels = labels
        self.reparse = reparse
        self.advance = False  # after accept/reject, move on (config ``advance``)
        self.loaded: LoadedStatements | None = None
        self.statements: list[StatementRecord] = []
        #: one line per stored statement left out because it is invalid (Library.invalid)
        self.left_out: list[str] = []
        self.done = False
        self._others = (0, 0)  # reviewed, total in the rest of the library
        self._in_library = False  # whether the library holds this article (counted live if so)
        self._library_names: list[str] | None = None

    @property
    def text(self) -> str:
        return self.article.text

    # -- loading -----------------------------------------------------------------------------

    def stored_model(self) -> str | None:
        """The model of the library's parse of this article, if it is to be shown (no
        reparse was asked); None when ``load`` will parse."""
        library, article_id = self.library, self.article.id
        if library is not None and not self.reparse and article_id in library:
            return library.entry(article_id).model
        return None

    def long_parse_warning(self) -> str | None:
        """What to tell the user before a parse that may take minutes; None if ``load`` will
        not parse or the text is short."""
        length = len(self.text)
        if length < LONG_PARSE_CHARS or self.stored_model():
            return None
        return (
            f"A long article: {length:,} characters to parse, which may take "
            f"{max(1, round(length / PARSE_CHARS_PER_MINUTE))} minutes or more. "
            "The header shows how far it is; leaving the article stops it."
        )

    def load(self, parse: Parse) -> LoadedStatements:
        """The article's statements: stored in the library if it has a parse (and no reparse
        was asked), else found by ``parse`` and saved (blocking: call it from a worker)."""
        library, article_id = self.library, self.article.id
        stored_model = self.stored_model()
        if stored_model:
            names = tuple(library.article(article_id).names or ())
            return LoadedStatements(self.stored_statements(), stored_model, names=names)
        loaded = parse(self.model, self.text)
        found = [unsaved(s, article_id) for s in loaded.statements]
        timings = (loaded.load_seconds, loaded.parse_seconds)
        if library is None or article_id not in library:
            return LoadedStatements(found, loaded.model, *timings, loaded.names)
        records = [found_record(s) for s in loaded.statements]
        try:
            library.save_parse(article_id, records, loaded.model, loaded.names)
        except ReadOnlyLibraryError:
            return LoadedStatements(found, loaded.model, *timings, loaded.names)
        return LoadedStatements(self.stored_statements(), loaded.model, *timings, loaded.names)

    def stored_statements(self) -> list[StatementRecord]:
        """The library's statements of this article as this annotator sees them (their layer
        over the shared one: corpus.layers), rejected ones included (they are training
        negatives); invalid ones are left out and listed in ``left_out``."""
        records = self.library.statements(self.article.id, self.annotator)
        self.left_out = list(self.library.invalid.get(self.article.id, ()))
        return [decode(r) for r in records]

    def show(self, loaded: LoadedStatements) -> None:
        """Hold the loaded statements (in text order; any outside the text left out) and
        count the rest of the library."""
        length = len(self.text)
        self.loaded = loaded
        self.statements = sorted(
            (s for s in loaded.statements if s.quote and s.end <= length),
            key=lambda s: (s.start, s.end),
        )
        self._count_library()

    # -- statements --------------------------------------------------------------------------

    def index_of(self, statement_id: str | None) -> int | None:
        """Where a statement is in ``statements``."""
        return next((i for i, s in enumerate(self.statements) if s.id == statement_id), None)

    def put(self, statement_id: str, record: dict | None) -> Moved:
        """Hold a statement as the library now holds it (``None``: it is gone), in text order."""
        old = self.index_of(statement_id)
        before = None if old is None else self.statements[old]
        statements = list(self.statements)
        if old is not None:
            del statements[old]
        position, after = None, None if record is None else decode(record)
        if after is not None:
            key = (after.start, after.end)
            position = next(
                (i for i, s in enumerate(statements) if (s.start, s.end) > key), len(statements)
            )
            statements.insert(position, after)
        self.statements = statements
        return Moved(old, position, before, after)

    def _put_all(self, records: list[tuple[str, dict | None]]) -> Edit:
        return Edit([self.put(sid, record) for sid, record in records])

    def describe(self, index: int) -> str:
        """``statement 9 (“When we talk about mutual …”)``: a statement for messages."""
        return f"statement {index + 1} (“{preview(quote_text(self.statements[index]), 5)}”)"

    def step(self, among: list[int], selected: int | None, forward: bool, here: int) -> int | None:
        """The statement after (``forward``) or before ``selected`` among the indexes
        ``among`` (those shown); with none selected, the first starting at offset ``here``
        or after it (backwards: the last). None past either end."""
        if selected is None:
            after = [i for i in among if self.statements[i].start >= here]
            return (after[0] if after else among[-1]) if forward else among[-1]
        if forward:
            return next((i for i in among if i > selected), None)
        return next((i for i in reversed(among) if i < selected), None)

    def next_unreviewed(self, after: int | None) -> int:
        """The next statement nobody has reviewed yet, least confident first (then in text
        order; ``annotators.review``), after ``after`` in that order."""
        pairs = [(1.0 if s.confidence is None else s.confidence, s.reviewed) for s in self.statements]
        choice = next_to_review(pairs, after)
        if choice is None:
            raise Refused("Every statement is reviewed.")
        return choice

    def after_decision(self, index: int | None) -> int | None:
        """Where the selection goes after an accept or reject left it on ``index``: with
        ``advance`` on, the next statement not yet reviewed (None: all are, or stay)."""
        if not self.advance or index is None:
            return None
        try:
            return self.next_unreviewed(index)
        except Refused:
            return None

    # -- review actions: every change goes through the library first -------------------------

    def accept(self, index: int) -> Edit:
        """Accept the statement as it is (a rejected one comes back): ``added`` for one a
        person made, ``accepted`` for a model suggestion."""
        statement = self.statements[index]
        if statement.status in ("accepted", "corrected", "added"):
            raise Refused(f"Already {statement.status}.")
        return self.update(index, {"status": "added" if statement.origin == "human" else "accepted"})

    def reject(self, index: int) -> Edit:
        """Reject the statement: kept, a training negative."""
        return self.update(index, {"status": "rejected"})

    def ignore(self, index: int) -> Edit:
        """Skip the statement, as Prodigy's ignore: recorded as ``ignored`` (reviewed, but
        neither a statement nor a training negative)."""
        if self.statements[index].status == "ignored":
            raise Refused("Already ignored.")
        return self.update(index, {"status": "ignored"})

    def toggle_label(self, index: int, number: int) -> Edit:
        """Add or remove the label with this number (1-9) of the label set."""
        if number > len(self.labels):
            raise Refused(f"No label {number}: the label set has {len(self.labels)}.")
        label, labels = self.labels[number - 1], list(self.statements[index].labels)
        labels = [x for x in labels if x != label] if label in labels else [*labels, label]
        return self.update(index, {"labels": labels})

    def set_note(self, statement_id: str, note: str) -> Edit:
        """Write (or clear) a note on the statement; nothing if the note is unchanged."""
        index = self.index_of(statement_id)
        if index is None or note == self.statements[index].note:
            return Edit()
        return self.update(index, {"note": note})

    def set_bounds(self, index: int, span: tuple[int, int]) -> Edit:
        """Move the quote's start and end (inner part boundaries kept)."""
        statement = self.statements[index]
        if (statement.start, statement.end) == span:
            return Edit()
        draft = statement.with_quote_bounds(*span, self.text)
        return self.update(index, {"quote": [span_dict(q) for q in draft.quote]})

    def set_cue(self, index: int, span: tuple[int, int]) -> Edit:
        """Make a stretch of text the statement's cue."""
        edit = self.update(index, {"cue": {"start": span[0], "end": span[1]}})
        edit.message = f"Cue set: “{self.text[span[0] : span[1]]}” for {self.describe(edit.moved[-1].new)}."
        return edit

    def add(self, span: tuple[int, int], speaker_name: str) -> Edit:
        """Make a stretch of text a statement by ``speaker_name``; direct speech if it opens
        with a quotation mark."""
        start, end = span
        fields = {
            "quote": [{"start": start, "end": end}],
            "kind": guess_kind(self.text[start:end]),
            "speaker_name": speaker_name,
        }
        record = self._save(lambda lib: lib.add_statement(self.article.id, fields, self.annotator))
        return self._put_all([(record["id"], record)])

    def speaker_changes(self, index: int, name: str) -> dict:
        """The fields to store for a new speaker name: the mention in the text stays if it
        can still be theirs (a pronoun, or part of the name), else it is dropped."""
        mention = self.statements[index].speaker
        keep = mention is not None and mention_fits(mention.text, name)
        return {"speaker_name": name, "speaker": span_dict(mention) if keep else None}

    def same_speaker(self, index: int) -> list[str]:
        """Ids of the statements by the same speaker as this one."""
        key = speaker_key(self.statements[index])
        return [s.id for s in self.statements if speaker_key(s) == key]

    def reassign(self, statement_id: str, name: str, everywhere: bool = False) -> Edit:
        """Give the statement (``everywhere``: every statement of its speaker) a new speaker:
        one write, one undo step."""
        index = self.index_of(statement_id)
        if index is None:
            return Edit()
        targets = self.same_speaker(index) if everywhere else [statement_id]
        # the statement itself last, so it stays selected once all are shown
        targets = [*(t for t in targets if t != statement_id), statement_id]
        changes = {
            sid: self.speaker_changes(at, name)
            for sid in targets
            if (at := self.index_of(sid)) is not None
        }
        records = self._save(
            lambda lib: lib.update_statements(self.article.id, changes, self.annotator)
        )
        edit = self._put_all(list(zip(changes, records)))
        if len(changes) > 1:
            edit.message = f"{plural(len(changes), 'statement')} now by {name} (u undoes all)."
        return edit

    def update(self, index: int, changes: dict) -> Edit:
        """Save changes to one statement."""
        sid = self.statements[index].id
        record = self._save(
            lambda lib: lib.update_statement(self.article.id, sid, changes, self.annotator)
        )
        return self._put_all([(sid, record)])

    def travel(self, action: str) -> Edit:
        """``undo`` the last change to this article's statements, or ``redo`` the last undone
        one (saved: survives a restart); the message says what it did."""
        entry = self._save(lambda lib: getattr(lib, action)(self.article.id, self.annotator))
        if entry is None:
            raise Refused(f"Nothing to {action}.")
        entries = [entry]
        if "group" in entry:  # several statements, one step
            entries = self.library.history(self.article.id, group=entry["group"])
        # in the order first made, so the statement selected then is selected again
        entries.sort(key=lambda e: e["ref"])
        edit = self._put_all([(e["statement_id"], self._seen(e["statement_id"])) for e in entries])
        # what the step did (an undo entry goes from the step's after back to its before)
        before, after = (entry["after"], entry["before"]) if action == "undo" else (
            entry["before"], entry["after"])  # fmt: skip
        if before is None and entry.get("layer") is not None:  # a first review of a suggestion
            before = self._shared(entry["statement_id"])
        index = edit.moved[-1].new
        if len(entries) > 1:
            where = f" of {plural(len(entries), 'statement')}"
        elif index is not None:
            where = f" of {self.describe(index)}"
        else:
            where = f" (“{preview(quote_text(decode(before or after)), 5)}”)"
        verb = "Undid" if action == "undo" else "Redid"
        edit.message = f"{verb}: {edit_name(before, after)}{where}"
        return edit

    def _seen(self, statement_id: str) -> dict | None:
        """The stored statement as this annotator sees it now (None: gone)."""
        try:
            return self.library.statement(self.article.id, statement_id, self.annotator)
        except UnknownStatementError:
            return None

    def _shared(self, statement_id: str) -> dict | None:
        """The shared layer's version of a statement (corpus.layers), if there is one."""
        return self.library.layer_statement(self.article.id, statement_id, None)

    def toggle_done(self) -> str | None:
        """Mark the article done (again: back in progress); a warning if statements are
        left unreviewed."""
        status = "in_progress" if self.done else "done"
        entry = self._save(lambda lib: lib.set_article_status(self.article.id, status, self.annotator))
        self.done = entry.status == "done"
        left = sum(1 for s in self.statements if not s.reviewed)
        if self.done and left:
            return f"Marked done with {plural(left, 'statement')} unreviewed."
        return None

    def _save(self, change: Callable[[Library], T]) -> T:
        """Run one store change; Refused if there is no library or it cannot save."""
        if self.library is None or self.article.id not in self.library:
            raise Refused("No library: changes cannot be saved.", "warning")
        try:
            return change(self.library)
        except ReadOnlyLibraryError:
            raise Refused(
                f"The library is read-only ({self.library.readonly_reason}); nothing was changed.",
                "warning", "Not saved",
            ) from None
        except StoreError as exc:
            raise Refused(str(exc), "error", "Not saved") from None

    # -- speakers ----------------------------------------------------------------------------

    def known_names(self) -> list[str]:
        """Names to offer, each person once: this article's speakers (most statements
        first), then the people and organisations spaCy found in it (most mentioned first),
        then the speaker names used in the library."""
        speakers = [k for k, _ in speaker_counts(self.statements).most_common() if k]
        found = self.loaded.names if self.loaded is not None else ()
        return candidate_names(speakers, [*found, *self.library_names()])

    def echoes(self) -> dict[str, Echo]:
        """This article's quotes reported in other articles of the library (statement id →
        Echo; reads every article file: call it from a worker)."""
        return {} if self.library is None else echoes(self.library, self.article.id)

    def library_names(self) -> list[str]:
        """The speaker names used in the library, read once (every article file: call it
        from a worker first, so the speaker picker never waits for it)."""
        if self._library_names is None:
            found: list[str] = []
            if self.library is not None:
                for _, records in self.library.iter_article_records():
                    found += [r["speaker_name"] for r in records if r.get("speaker_name")]
            self._library_names = found
        return self._library_names

    # -- progress ----------------------------------------------------------------------------

    def _count_library(self) -> None:
        """Review counts of the library's other articles, from its index (once; this article's
        are counted live, and only if the library holds it: a read-only one may not)."""
        if self.library is not None:
            self._in_library = self.article.id in self.library
            others = [e for e in self.library.articles() if e.id != self.article.id]
            self._others = (sum(e.reviewed for e in others), sum(e.statements for e in others))
            if self._in_library:
                self.done = self.library.entry(self.article.id).status == "done"

    def progress(self) -> str:
        """Reviewed/total for the article and the library, and ``done`` when it is."""
        done = sum(1 for s in self.statements if s.reviewed)
        total = len(self.statements)
        progress = f"reviewed {done}/{total}"
        if self.library is not None:
            if self._in_library:
                done_all, total_all = self._others[0] + done, self._others[1] + total
            else:
                done_all, total_all = self._others
            progress += f" · library {done_all}/{total_all}"
        if self.done:
            progress += " · ✓ done"
        return progress
