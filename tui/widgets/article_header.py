"""The header: article title and review progress, then source, length and the model's state."""
from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from corpus.article import Article


def short_model(label: str) -> str:
    """``en_core_web_sm-3.8.0+quotelens-0.1.0`` as ``en_core_web_sm 3.8.0``; with the shipped
    scorer (``…+scorer-1``) as ``en_core_web_sm 3.8.0 + scorer 1``."""
    base, *parts = label.split("+")
    name, _, version = base.rpartition("-")
    if not name:
        return label
    scorers = [p.replace("-", " ", 1) for p in parts if p.startswith("scorer-")]
    return " + ".join([f"{name} {version}", *scorers])


class ArticleHeader(Static):
    """Two lines, each cut to the width: the title in bold (after ``READ-ONLY`` when nothing
    can be saved); the review progress, then the model's state, words and source (all plain
    text, never markup)."""

    def __init__(self, article: Article, model_state: str, readonly: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article = article
        self.words = len(article.text.split())
        self.model_state = model_state
        self.readonly = readonly
        self.progress = ""
        self._show()

    def set_model_state(self, state: str) -> None:
        """Show what the model is doing (``parsing with …``, ``en_core_web_sm 3.8.0``)."""
        self.model_state = state
        self._show()

    def set_progress(self, progress: str) -> None:
        """Show the review progress (``reviewed 3/12 · library 40/300 · done``)."""
        self.progress = progress
        self._show()

    def _show(self) -> None:
        self.update(
            Content.assemble(
                ("quotelens  ", "bold $accent"),
                (" READ-ONLY ", "bold reverse $text-warning") if self.readonly else "",
                "  " if self.readonly else "",
                (self.article.title, "bold"),
                "\n",
                (f"{self.progress}  │  " if self.progress else "", "bold $text-success"),
                (f"{self.model_state} · {self.words:,} words · {self.article.source}", "$text-muted"),
            )
        )
