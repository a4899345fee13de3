"""Reading articles from .txt, .md and .html files or standard input."""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from corpus.article import Article
from corpus.errors import ArticleError
from corpus.text import clean, decode, looks_binary
from corpus.web import fetch_article, is_url

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
LINK_SKIPPED = "{}: a symbolic link, not followed (--follow-symlinks follows links)"
_MD_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$")
_MD_MARKUP = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|^#{1,6}\s+|^>\s?)", re.M)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


def read_article(path: str | Path) -> Article:
    """Read one article file (``-`` for stdin, an http(s) address for a web page); raise
    ArticleError with a one-line reason."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read()
        return _parse(data, "<stdin>", ".txt", "Standard input")
    if is_url(name):
        return fetch_article(name)
    p = Path(path)
    if not p.exists():
        raise ArticleError(f"{name}: no such file")
    if p.is_dir():
        raise ArticleError(f"{name}: is a folder; give an article file (.txt, .md or .html)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return _parse(data, str(p), p.suffix.lower(), _title_from_name(p))


def article_from_text(
    text: str, source: str, title: str | None = None, meta: dict | None = None
) -> Article:
    """An article from a text given as a string (a line of a text source): without a
    ``title``, a short first line followed by a blank line is the title, as in a .txt file."""
    found, body = _from_plain(text) if not title else (title, text)
    body = clean(body)
    if not body:
        raise ArticleError(f"{source}: is empty; there is no text to read")
    return Article(title=clean(found or "") or clean(body.split("\n", 1)[0])[:150], text=body,
                   source=source, meta=dict(meta or {}))  # fmt: skip


def _title_from_name(p: Path) -> str:
    return clean(re.sub(r"[-_]+", " ", p.stem).strip().capitalize()) or clean(p.name)


def folder_articles(
    folder: Path,
    suffixes: Iterable[str] = ARTICLE_SUFFIXES,
    follow_symlinks: bool = False,
    skipped_link: Callable[[str], None] = lambda path: None,
) -> list[str]:
    """The files under ``folder`` (walked) whose suffix is one of ``suffixes``, sorted; a
    folder's README and hidden files are documentation, not articles, and are left out.

    Symbolic links (to files or folders) may lead out of the folder: unless
    ``follow_symlinks``, each is passed to ``skipped_link`` and left out."""
    wanted = set(suffixes)
    found = []
    for root, dirs, files in os.walk(folder, followlinks=follow_symlinks):
        for name in sorted(dirs):
            if not follow_symlinks and os.path.islink(os.path.join(root, name)):
                skipped_link(os.path.join(root, name))
        for name in files:
            path = Path(root, name)
            if name.startswith(".") or path.suffix.lower() not in wanted or path.stem.lower() == "readme":
                continue
            if path.is_symlink() and not follow_symlinks:
                skipped_link(str(path))
            elif path.is_file():
                found.append(str(path))
    return sorted(found)


def read_articles(
    paths: Iterable[str], warn: Callable[[str], None], follow_symlinks: bool = False
) -> tuple[list[Article], int]:
    """The readable articles under ``paths`` (folders are walked), and how many paths failed.

    Each failure, skipped link and article warning is passed to ``warn`` as one line naming
    the file.
    """
    articles, failed = [], 0

    def skipped_link(link: str) -> None:
        warn(LINK_SKIPPED.format(link))

    for name in paths:
        if Path(name).is_dir():
            files = folder_articles(Path(name), ARTICLE_SUFFIXES, follow_symlinks, skipped_link)
        else:
            files = [name]
        if not files:
            warn(f"{name}: no article files (.txt, .md, .html) in this folder")
            failed += 1
        for file in files:
            try:
                article = read_article(file)
            except ArticleError as exc:
                warn(f"skipped {exc}")
                failed += 1
                continue
            for warning in article.warnings:
                warn(warning)
            articles.append(article)
    return articles, failed


def html_article(data: bytes, source: str, fallback_title: str) -> Article:
    """An article from the bytes of a web page (ArticleError with a one-line reason)."""
    return _parse(data, source, ".html", fallback_title)


def _parse(data: bytes, source: str, suffix: str, fallback_title: str) -> Article:
    if looks_binary(data):
        raise ArticleError(f"{source}: looks like a binary file, not an article")
    raw, warning = decode(data)
    if suffix in {".html", ".htm"} or (suffix not in ARTICLE_SUFFIXES and _is_html(raw)):
        title, body = _from_html(raw, source)
    elif suffix in {".md", ".markdown"}:
        title, body = _from_markdown(raw)
    else:
        title, body = _from_plain(raw)
    text = clean(body)
    if not text:
        raise ArticleError(f"{source}: is empty; there is no text to read")
    return Article(
        title=clean(title or "") or fallback_title,
        text=text,
        source=source,
        warnings=(f"{source}: {warning}",) if warning else (),
    )


def _is_html(raw: str) -> bool:
    head = raw.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _from_plain(raw: str) -> tuple[str | None, str]:
    """A short first line followed by a blank line is the title."""
    text = raw.replace("\r\n", "\n").lstrip("\n")
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(first.strip()) <= 150 and rest.strip():
        return first.strip(), rest
    return None, text


def _from_markdown(raw: str) -> tuple[str | None, str]:
    """The first ``# heading`` is the title; light markup is removed from the body."""
    lines = raw.replace("\r\n", "\n").split("\n")
    title = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _MD_HEADING.match(line)
        if m:
            title = m.group(1)
            del lines[i]
        break
    body = "\n".join(lines)
    body = _MD_LINK.sub(r"\1", body)
    return title, _MD_MARKUP.sub("", body)


# Inline markup: unwrapped before extraction, so that badly nested tags (<b><i>…</b>…</i>)
# cannot split a sentence into two paragraphs.
_INLINE_TAGS = ("a", "abbr", "b", "cite", "em", "font", "i", "mark", "q", "small", "span", "strong", "time", "u")


def _from_html(raw: str, source: str) -> tuple[str | None, str]:
    """Main text and title of a web page, extracted with trafilatura after lxml has repaired
    the markup and unwrapped inline tags."""
    import lxml.html
    import trafilatura
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(raw)
        etree.strip_tags(tree, *_INLINE_TAGS)
        doc = trafilatura.bare_extraction(
            tree, include_comments=False, include_tables=False, favor_recall=True, with_metadata=True
        )
    except Exception as exc:  # a third-party parser on untrusted input: report, never a traceback
        raise ArticleError(f"{source}: the HTML page could not be read ({exc})") from None
    if doc is None or not (doc.text or "").strip():
        raise ArticleError(f"{source}: no article text found in this HTML page")
    # trafilatura separates paragraphs with one newline; we separate them with a blank line.
    body = re.sub(r"\n+", "\n\n", doc.text)
    if doc.title and body.startswith(doc.title + "\n"):
        body = body[len(doc.title) :]
    return doc.title, body
