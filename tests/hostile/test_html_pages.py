"""Small, badly written web pages: headings stay out of the body, paragraphs stay whole."""
from __future__ import annotations

from corpus.importers import read_article
from corpus.text import paragraphs

PAGE = """<html><body><h1>Ferry fares rise</h1>
<div>The operator said fares would rise by ten percent. <b><i>Passengers said</b> they were angry</i>
about the increase, which starts in May.</div>
<div>“It is a fair price,” the operator's chief executive, Lena Berg, said.</div>
</body></html>"""


def test_mis_nested_inline_tags_keep_the_sentence_in_one_paragraph(tmp_path):
    path = tmp_path / "fares.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Ferry fares rise"
    shown = [article.text[s:e] for s, e in paragraphs(article.text)]
    assert shown[0].startswith("The operator said") and "Passengers said they were angry about" in shown[0]
    assert shown[-1].startswith("“It is a fair price,”") and len(shown) == 2


def test_the_heading_is_the_title_not_the_first_words_of_the_body(tmp_path):
    path = tmp_path / "fares.html"
    head = "<html><head><title>Fares up | Harbour Daily</title></head><body>"
    path.write_text(PAGE.replace("<html><body>", head), encoding="utf-8")
    article = read_article(path)
    assert article.title == "Ferry fares rise" and "Ferry fares rise" not in article.text
    assert article.text.startswith("The operator said")
