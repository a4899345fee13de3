"""Articles from the web: a page fetched with trafilatura (time and size capped) and read as
HTML, keeping its address, site and date in the article's meta."""
from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import replace
from urllib.parse import urlsplit

from corpus.article import Article
from corpus.errors import ArticleError
from corpus.text import make_inert

_URL = re.compile(r"^https?://[^\s/]+", re.I)
TIMEOUT = 20  # seconds to connect and to wait between bytes
MAX_BYTES = 5_000_000  # a news page; anything larger is refused, not cut


def is_url(name: str) -> bool:
    """True for an http(s) address (what ``quotelens read`` fetches instead of opening)."""
    return bool(_URL.match(name))


def fetch_article(
    url: str, timeout: int = TIMEOUT, max_bytes: int = MAX_BYTES, local: bool = False
) -> Article:
    """The article at ``url``; ArticleError with a one-line reason when the page cannot be
    fetched (offline, no answer in ``timeout`` seconds, an HTTP error, over ``max_bytes``).
    Private and loopback addresses are refused (trafilatura's SSRF guard) unless ``local``."""
    from trafilatura.downloads import fetch_response
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import DEFAULT_CONFIG

    from corpus.importers import html_article

    shown = make_inert(url)
    config = deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "MAX_REDIRECTS", "5")
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if local else "on")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its errors become ours
    try:
        response = fetch_response(url, config=config)
    except Exception as exc:  # a third-party client on the network: one line, never a traceback
        raise ArticleError(f"{shown}: could not be fetched ({exc})") from None
    if response is None:
        raise ArticleError(
            f"{shown}: could not be fetched (offline, no answer in {timeout} s, or over {max_bytes:,} bytes)"
        )
    if response.status != 200:
        raise ArticleError(f"{shown}: the server answered HTTP {response.status}")
    article = html_article(response.data, shown, urlsplit(url).hostname or shown)
    found = extract_metadata(response.data.decode("utf-8", "replace"), default_url=url)
    meta = {"url": url, "site": (found.sitename if found else None) or urlsplit(url).hostname}
    if found and found.date:
        meta["date"] = found.date
    return replace(article, meta={**article.meta, **{k: make_inert(str(v)) for k, v in meta.items()}})
