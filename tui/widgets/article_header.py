"""The header: article title, then source, length and the model's state."""
from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from corpus.article import Article


class ArticleHeader(Static):
    """Two lines: the title in bold; source · words · model (all plain text, never markup)."""

    def __init__(self, article: Article, model_state: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article = article
        self.words = len(article.text.split())
        self.set_model_state(model_state)

    def set_model_state(self, state: str) -> None:
        """Show what the model is doing (``parsing with …``, ``en_core_web_sm 3.8.0``)."""
        self.update(
            Content.assemble(
                ("quotelens  ", "bold $accent"),
                (self.article.title, "bold"),
                "\n",
                (f"{self.article.source} · {self.words:,} words · {state}", "$text-muted"),
            )
        )
