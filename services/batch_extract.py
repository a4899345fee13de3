"""``extract`` over a corpus: articles streamed in, batches parsed by a backend, records
written as they arrive, and a count of what happened."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from corpus.article import Article
from services.article_stream import Unreadable
from services.batch_output import BatchOutput
from services.batch_parse import Job, error_record, is_error
from services.batch_runner import Backend, run_batches
from services.wording import plural


@dataclass
class ExtractSummary:
    """What a run did: articles parsed, statements found, articles failed or skipped."""

    articles: int = 0
    statements: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output (--resume)

    def line(self) -> str:
        """One line for the user."""
        parts = [f"extracted {plural(self.articles, 'article')}", plural(self.statements, "statement")]
        if self.skipped:
            parts.append(f"{self.skipped} already in the output")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts)


def jobs(
    items: Iterable[Article | Unreadable],
    skip: set[str],
    warn: Callable[[str], None],
    skipped: Callable[[], None],
) -> Iterator[Job | dict]:
    """A ``Job`` for each article not in ``skip``, an error record for each unreadable input;
    article warnings go to ``warn``, each skipped article calls ``skipped()``."""
    for item in items:
        if isinstance(item, Unreadable):
            yield error_record(None, item.source, item.reason)
        elif item.id in skip:
            skipped()
        else:
            for warning in item.warnings:
                warn(warning)
            yield Job.of(item)


def extract_to(
    output: BatchOutput,
    items: Iterable[Article | Unreadable],
    backend: Backend,
    ordered: bool = True,
    warn: Callable[[str], None] = lambda message: None,
    advance: Callable[[int], None] = lambda n: None,
) -> ExtractSummary:
    """Parse every item not already in ``output`` and write its record (an error record for
    a failure, also passed to ``warn``); ``advance(n)`` after every n articles done."""
    summary = ExtractSummary()

    def skipped() -> None:
        summary.skipped += 1
        advance(1)

    for records in run_batches(jobs(items, output.done, warn, skipped), backend, ordered):
        output.write(records)
        for record in records:
            if is_error(record):
                summary.failed += 1
                warn(f"skipped {record['path']}: {record['error']}")
            else:
                summary.articles += 1
                summary.statements += len(record["statements"])
        advance(len(records))
    return summary
