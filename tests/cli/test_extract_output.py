"""``extract`` output files without the model: inputs that give no article, an unfinished
run started again."""
import orjson

from tui.cli import main


def test_inputs_that_give_no_article_are_error_lines_and_an_unfinished_part_is_named(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    part.write_bytes(b'{"id":"abc","path":"a.txt","title":"A","text":"x","statements":[]}\n')
    (tmp_path / "blank.txt").write_text("\n", encoding="utf-8")
    args = ["extract", str(tmp_path / "gone.txt"), str(tmp_path / "*.md"), str(tmp_path / "blank.txt")]
    assert main([*args, "-o", str(out), "--processes", "1"]) == 1
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [(r["path"].rsplit("/", 1)[-1], r["error"]) for r in lines] == [
        ("gone.txt", "no such file"),
        ("*.md", "no file matches this pattern"),
        ("blank.txt", "is empty; there is no text to read"),
    ]
    err = capsys.readouterr().err.splitlines()
    assert "out.jsonl.part: an unfinished run's output, started again (--resume continues it)" in err[0]
    assert err[-1] == "extracted 0 articles, 0 statements, 3 failed"
    assert not part.exists()
