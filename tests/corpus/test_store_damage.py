"""Damaged files are named, moved aside, never overwritten; the rest of the library opens."""
from __future__ import annotations

import pytest

from corpus.article import Article
from corpus.library import Library
from corpus.store_errors import CorruptFileError

FIRST = Article(title="Flood defences", text="The river authority said the walls held overnight.", source="a.txt")
SECOND = Article(title="School meals", text="Parents welcomed the free lunches, the head teacher said.", source="b.txt")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.add_article(FIRST)
        lib.add_article(SECOND)
    return root


def corrupt(path, data=b'{"article": {"1": {"text": "The river'):
    path.write_bytes(data)
    return data


def aside(folder, name):
    return [p for p in folder.iterdir() if p.name.startswith(f"{name}.corrupt-")]


def test_article_damaged_while_open_is_moved_aside_and_others_open(root):
    path = root / "articles" / f"{FIRST.id}.json"
    with Library.open(root) as lib:
        damaged = corrupt(path)
        with pytest.raises(CorruptFileError) as err:
            lib.article(FIRST.id)
        assert str(path) in str(err.value) and "not valid JSON" in str(err.value)
        assert lib.article(SECOND.id).title == "School meals"
        assert [e.id for e in lib.articles()] == [SECOND.id]
        assert any("Flood defences" in w and "moved aside" in w for w in lib.warnings)
    moved = aside(path.parent, path.name)
    assert len(moved) == 1 and moved[0].read_bytes() == damaged


def test_damaged_file_found_at_open_is_reported(root):
    path = root / "articles" / f"{FIRST.id}.json"
    corrupt(path, b"")  # changed since the index was written, so it is checked at open
    with Library.open(root) as lib:
        assert [e.id for e in lib.articles()] == [SECOND.id]
        assert any(str(path) in w and "the file is empty" in w for w in lib.warnings)


def test_readding_after_damage_never_overwrites_the_damaged_copy(root):
    path = root / "articles" / f"{FIRST.id}.json"
    damaged = corrupt(path)
    with Library.open(root) as lib:
        lib.refresh()
        lib.add_article(FIRST)
        assert lib.article(FIRST.id).text == FIRST.text
    assert aside(path.parent, path.name)[0].read_bytes() == damaged


def test_damaged_index_is_moved_aside_and_rebuilt(root):
    damaged = corrupt(root / "index.json", b'{"articles": {"1": ')
    with Library.open(root) as lib:
        assert sorted(e.id for e in lib.articles()) == sorted([FIRST.id, SECOND.id])
        assert any("index.json: damaged" in w for w in lib.warnings)
    assert aside(root, "index.json")[0].read_bytes() == damaged


def test_readonly_library_reports_damage_without_moving(root):
    path = root / "articles" / f"{FIRST.id}.json"
    damaged = corrupt(path)
    with Library.open(root, readonly=True) as lib:
        assert [e.id for e in lib.articles()] == [SECOND.id]
        assert any(str(path) in w and "damaged" in w for w in lib.warnings)
    assert path.read_bytes() == damaged
    assert aside(path.parent, path.name) == []
