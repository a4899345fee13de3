"""``quotelens read https://…``: a page fetched from a (local) server, its address kept."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from corpus.errors import ArticleError
from corpus.importers import read_article
from corpus.library import Library
from corpus.web import fetch_article, is_url

SAMPLES = Path(__file__).parents[2] / "sample_articles"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(tmp_path):
    """A local HTTP server on the sample articles and a large page; yields its address."""
    (tmp_path / "recall.html").write_bytes((SAMPLES / "pharmaceutical-recall.html").read_bytes())
    (tmp_path / "huge.html").write_bytes(b"<html><body><p>" + b"Words of a long page. " * 100_000 + b"</p></body></html>")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_only_http_addresses_are_urls():
    assert is_url("https://example.org/news/a") and is_url("HTTP://x.y")
    assert not is_url("https:/broken") and not is_url("story.html") and not is_url("ftp://x.y/a")


def test_a_page_is_read_like_a_file_and_keeps_its_address(server):
    url = f"{server}/recall.html"
    fetched = fetch_article(url, local=True)
    local = read_article(SAMPLES / "pharmaceutical-recall.html")
    assert (fetched.title, fetched.text) == (local.title, local.text)
    assert fetched.source == url and fetched.meta["url"] == url and fetched.meta["site"]


def test_the_fetched_article_is_stored_with_its_address(server, tmp_path):
    url = f"{server}/recall.html"
    with Library.open(tmp_path / "lib") as library:
        library.add_article(fetch_article(url, local=True))
        [entry] = library.articles()
        assert library.article(entry.id).meta["url"] == url


def test_missing_page_is_one_line_naming_the_address(server):
    with pytest.raises(ArticleError, match=r"/nothing-here\.html: the server answered HTTP 404$"):
        fetch_article(f"{server}/nothing-here.html", local=True)


def test_a_page_over_the_size_limit_is_refused(server):
    with pytest.raises(ArticleError, match=r"could not be fetched .*over 100,000 bytes"):
        fetch_article(f"{server}/huge.html", max_bytes=100_000, local=True)


def test_offline_is_one_line_not_a_traceback():
    with pytest.raises(ArticleError, match=r"^http://127\.0\.0\.1:9/story: could not be fetched"):
        fetch_article("http://127.0.0.1:9/story", timeout=2, local=True)


def test_read_article_fetches_addresses_and_refuses_loopback_by_default(server):
    with pytest.raises(ArticleError, match=r"/recall\.html: could not be fetched"):
        read_article(f"{server}/recall.html")  # the SSRF guard: no private addresses unless asked
