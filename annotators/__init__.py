"""spaCy components that find quotes, their cues and their speakers in news text.

Text (or a ``Doc``) in, statements out: no UI, no storage, no printing.
"""
from annotators.statement import Statement, TextSpan

__all__ = ["Statement", "TextSpan"]
