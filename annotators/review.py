"""The order in which a person reviews the machine's statements: least confident first."""
from __future__ import annotations

from collections.abc import Sequence


def review_order(statements: Sequence[tuple[float, bool]]) -> list[int]:
    """Indices of the unreviewed statements, given ``(confidence, reviewed)`` pairs: lowest
    confidence first, then in text order."""
    return sorted((i for i, (_, done) in enumerate(statements) if not done), key=lambda i: (statements[i][0], i))


def next_to_review(statements: Sequence[tuple[float, bool]], current: int | None = None) -> int | None:
    """The statement to review after ``current``: the next in ``review_order`` (wrapping), or
    the first when ``current`` is reviewed or nothing is selected; None when all are reviewed."""
    order = review_order(statements)
    if not order:
        return None
    if current in order:
        k = order.index(current)
        return order[(k + 1) % len(order)]
    return order[0]
