"""What a worker does with a batch of articles: parse them with ``nlp.pipe``, one record each.

This is the one function every way of running a batch calls (this process, a pool of
processes, a Dask worker), so their outputs are the same bytes. The pipeline is loaded once
per process (``annotators.pipeline.load_pipeline`` is cached) and kept for later batches.
"""
from __future__ import annotations

from typing import NamedTuple

from corpus.article import Article


class Job(NamedTuple):
    """One article to parse, as sent to a worker."""

    id: str
    path: str
    title: str
    text: str
    meta: dict

    @classmethod
    def of(cls, article: Article) -> Job:
        return cls(article.id, article.source, article.title, article.text, article.meta)


def error_record(id: str | None, path: str, reason: str, title: str | None = None) -> dict:
    """The output line for an article that could not be read or parsed."""
    return {"id": id, "path": path, "title": title, "error": reason}


def is_error(record: dict) -> bool:
    """True for an ``error_record``."""
    return "error" in record


def parse_batch(model: str | None, batch: list[Job | dict]) -> list[dict]:
    """The output record of each item: a parsed ``Job`` becomes ``{"id", "path", "title",
    "text"[, "meta"], "statements"}``; an error record passes through; an article the
    pipeline fails on becomes an error record with the reason, and the others are kept."""
    from annotators.pipeline import extract_many, load_pipeline, model_label

    jobs = [item for item in batch if isinstance(item, Job)]
    if not jobs:
        return batch
    nlp = load_pipeline(model)
    label = model_label(nlp)
    try:
        found = list(extract_many(nlp, [job.text for job in jobs]))
    except Exception:  # one article broke the batch: parse them one by one to find it
        found = [_one(nlp, job.text) for job in jobs]
    results = iter(zip(jobs, found))
    return [_record(*next(results), label) if isinstance(item, Job) else item for item in batch]


def model_name(model: str | None) -> str:
    """The label the parse records carry (``model_label``), worked out where the model is."""
    from annotators.pipeline import load_pipeline, model_label

    return model_label(load_pipeline(model))


def _one(nlp, text: str) -> list | Exception:
    from annotators.pipeline import extract_many

    try:
        return next(extract_many(nlp, [text]))
    except Exception as exc:  # untrusted text in third-party code: the reason goes in the output
        return exc


def _record(job: Job, found: list | Exception, label: str) -> dict:
    from corpus.schema import found_record

    if isinstance(found, Exception):
        reason = str(found).splitlines()[0] if str(found) else ""
        return error_record(job.id, job.path, f"the parser failed: {type(found).__name__}: {reason}", job.title)
    record = {"id": job.id, "path": job.path, "title": job.title, "text": job.text}
    if job.meta:
        record["meta"] = job.meta
    record["statements"] = [found_record(s) | {"model": label} for s in found]
    return record
