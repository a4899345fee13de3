"""The inputs of a batch run: folders, globs and JSON lines, read lazily and in order."""
import orjson

from services.article_stream import Unreadable, find_inputs, read_inputs


def write_lines(path, records):
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def test_globs_folders_and_json_lines_give_articles_in_order(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One\n\nThe first story.", encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text("Two\n\nThe second story.", encoding="utf-8")
    write_lines(tmp_path / "texts.jsonl", [
        {"text": "A text from a feed.", "meta": {"title": "Feed item", "url": "https://example.org/1"}},
        {"meta": {}},
    ])  # fmt: skip
    write_lines(tmp_path / "ours.jsonl", [{"id": "x", "title": "Ours", "text": "Parsed before.", "statements": []}])
    inputs = find_inputs([str(tmp_path / "a" / "*.txt"), str(tmp_path / "texts.jsonl"), str(tmp_path / "ours.jsonl")])
    assert inputs.count() == 5
    items = list(read_inputs(inputs))
    assert [getattr(i, "title", None) for i in items] == ["One", "Two", "Feed item", None, "Ours"]
    assert items[2].source == "https://example.org/1" and items[2].meta["title"] == "Feed item"
    assert items[3] == Unreadable(f"{tmp_path / 'texts.jsonl'}:2", 'needs a "text" string')


def test_a_pattern_or_folder_that_names_nothing_is_unreadable(tmp_path):
    (tmp_path / "empty").mkdir()
    inputs = find_inputs([str(tmp_path / "*.md"), str(tmp_path / "empty"), str(tmp_path / "gone.txt")])
    assert [str(u) for u in read_inputs(inputs)] == [
        f"{tmp_path / '*.md'}: no file matches this pattern",
        f"{tmp_path / 'empty'}: no article files (.txt, .md, .html, .jsonl) in this folder",
        f"{tmp_path / 'gone.txt'}: no such file",
    ]


def test_the_output_is_left_out_of_a_folder_it_sits_in(tmp_path):
    (tmp_path / "story.txt").write_text("A story.", encoding="utf-8")
    (tmp_path / "out.jsonl").write_bytes(b'{"id":"x","text":"old output","statements":[]}\n')
    inputs = find_inputs([str(tmp_path)], exclude=[tmp_path / "out.jsonl"])
    assert inputs.files == [str(tmp_path / "story.txt")]


def test_a_file_is_read_only_when_the_stream_reaches_it(tmp_path):
    write_lines(tmp_path / "a.jsonl", [{"text": f"Story number {n}."} for n in range(2)])
    (tmp_path / "b.txt").write_text("Read later.", encoding="utf-8")
    stream = read_inputs(find_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt")]))
    assert next(stream).text == "Story number 0."
    (tmp_path / "b.txt").write_text("Changed before it was read.", encoding="utf-8")
    assert [a.text for a in stream] == ["Story number 1.", "Changed before it was read."]
