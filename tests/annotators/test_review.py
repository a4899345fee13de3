"""Review order: the least confident unreviewed statement first."""
from annotators.review import next_to_review, review_order


def test_least_confident_first_then_text_order():
    pairs = [(0.9, False), (0.4, False), (0.7, True), (0.4, False), (0.6, False)]
    assert review_order(pairs) == [1, 3, 4, 0]


def test_next_follows_the_order_and_wraps():
    pairs = [(0.9, False), (0.4, False), (0.7, True), (0.4, False), (0.6, False)]
    assert next_to_review(pairs) == 1
    assert next_to_review(pairs, 1) == 3
    assert next_to_review(pairs, 3) == 4
    assert next_to_review(pairs, 0) == 1  # the most confident wraps to the least
    assert next_to_review(pairs, 2) == 1  # from a reviewed statement: start over


def test_nothing_left_to_review():
    assert next_to_review([(0.5, True)], 0) is None
    assert next_to_review([]) is None
