"""Schema versions: old files are upgraded with a backup, files from a newer quotelens refused."""
from __future__ import annotations

import orjson
import pytest
from tinydb import TinyDB

from corpus.article import Article, article_id
from corpus.library import Library
from corpus.migrations import SCHEMA_VERSION
from corpus.store_errors import NewerVersionError

TEXT = "Ticket prices will rise by four percent in March, the transit agency announced."
QUOTE = "Ticket prices will rise by four percent in March"


def write_v0_article(root) -> tuple[str, bytes]:
    """An article file as a plain TinyDB script wrote it: no schema table, sparse statements."""
    aid = article_id(TEXT)
    path = root / "articles" / f"{aid}.json"
    path.parent.mkdir(parents=True)
    with TinyDB(path) as db:
        db.table("article").insert({"id": aid, "title": "Fares", "text": TEXT, "source": "fares.txt"})
        db.table("statements").insert(
            {"quote": [{"start": 0, "end": len(QUOTE), "text": QUOTE}], "kind": "indirect", "cue": None}
        )
    return aid, path.read_bytes()


def set_schema(path, version: int) -> None:
    data = orjson.loads(path.read_bytes())
    data["_quotelens"]["1"]["schema"] = version
    path.write_bytes(orjson.dumps(data))


def test_old_article_file_is_upgraded(tmp_path):
    aid, _ = write_v0_article(tmp_path)
    with Library.open(tmp_path) as lib:
        [record] = lib.statements(aid)
        assert (record["status"], record["origin"], record["labels"]) == ("predicted", "model", [])
        assert lib.articles()[0].title == "Fares"
    data = orjson.loads((tmp_path / "articles" / f"{aid}.json").read_bytes())
    assert data["_quotelens"]["1"]["schema"] == SCHEMA_VERSION


def test_upgrade_keeps_a_backup_of_the_original(tmp_path):
    aid, original = write_v0_article(tmp_path)
    Library.open(tmp_path).close()
    assert (tmp_path / "articles" / f"{aid}.json.v0-backup").read_bytes() == original


def test_readonly_library_upgrades_in_memory_only(tmp_path):
    aid, original = write_v0_article(tmp_path)
    with Library.open(tmp_path, readonly=True) as lib:
        assert lib.statements(aid)[0]["status"] == "predicted"
    assert (tmp_path / "articles" / f"{aid}.json").read_bytes() == original


def test_newer_article_file_is_refused_and_left_alone(tmp_path):
    article = Article(title="Fares", text=TEXT, source="fares.txt")
    other = Article(title="Parks", text="The park will close at dusk, the council said.", source="p.txt")
    with Library.open(tmp_path) as lib:
        lib.add_article(article)
        lib.add_article(other)
    path = tmp_path / "articles" / f"{article.id}.json"
    set_schema(path, 7)
    newer = path.read_bytes()
    with Library.open(tmp_path) as lib:
        assert any("written by a newer quotelens (schema 7" in w for w in lib.warnings)
        with pytest.raises(NewerVersionError, match=f"{article.id}.json: written by a newer quotelens"):
            lib.article(article.id)
        assert lib.article(other.id).title == "Parks"
    assert path.read_bytes() == newer


def test_newer_index_refuses_the_library(tmp_path):
    with Library.open(tmp_path) as lib:
        lib.add_article(Article(title="Fares", text=TEXT, source="fares.txt"))
    set_schema(tmp_path / "index.json", SCHEMA_VERSION + 1)
    with pytest.raises(NewerVersionError, match=r"index\.json: written by a newer quotelens.*upgrade quotelens"):
        Library.open(tmp_path)


def write_v1_library(root) -> tuple[str, dict]:
    """A wave-1 library (schema 1): one version per statement; ana accepted the model's
    suggestion after correcting its boundaries, and wrote the history of it."""
    with Library.open(root, annotator="ana") as lib:
        aid = lib.add_article(Article(title="Fares", text=TEXT, source="fares.txt")).id
        [suggestion] = lib.save_parse(aid, [{"quote": [{"start": 0, "end": len(QUOTE), "text": QUOTE}], "cue": None,
                                             "speaker": None, "speaker_name": None,
                                             "kind": "indirect", "confidence": 0.8}], "m")  # fmt: skip
    # rewrite it as wave 1 stored it: the reviewed record replaced the suggestion in place
    path = root / "articles" / f"{aid}.json"
    data = orjson.loads(path.read_bytes())
    reviewed = {**suggestion, "status": "corrected", "annotator": "ana", "labels": ["fares"],
                "quote": [{"start": 0, "end": 13, "text": TEXT[:13]}]}  # fmt: skip
    data["statements"] = {"1": reviewed}
    data["history"]["2"] = {"seq": 2, "action": "update", "statement_id": suggestion["id"], "who": "ana",
                            "when": reviewed["updated_at"], "before": suggestion, "after": reviewed}  # fmt: skip
    for name in ("_quotelens",):
        data[name]["1"]["schema"] = 1
    path.write_bytes(orjson.dumps(data))
    index = orjson.loads((root / "index.json").read_bytes())
    index["_quotelens"]["1"]["schema"] = 1
    (root / "index.json").write_bytes(orjson.dumps(index))
    return aid, suggestion


def test_wave_1_library_migrates_to_layers_with_the_suggestion_shared_again(tmp_path):
    aid, suggestion = write_v1_library(tmp_path)
    with Library.open(tmp_path, annotator="ana") as lib:
        [own] = lib.statements(aid)
        assert (own["status"], own["labels"], own["annotator"]) == ("corrected", ["fares"], "ana")
        [shared] = lib.statements(aid, "ben")  # a colleague starts from the model's suggestion
        assert shared == suggestion
        assert lib.entry(aid).annotators == {"ana": 1}
        assert not lib.can_undo(aid)  # the undo stack starts after the migration
        assert lib.history(aid)[-1]["action"] == "migrate"
    assert (tmp_path / "articles" / f"{aid}.json.v1-backup").exists()
    assert (tmp_path / "index.json.v1-backup").exists()
