"""The README's two set-up commands stay true: CI runs the test one, the sample exists."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def shell_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_ci_runs_exactly_the_readme_test_command_then_the_corpus_tests():
    test_command = next(b for b in shell_blocks() if "pytest" in b)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    corpus_command = re.search(r"```\n(\.venv/bin/python -m pytest -q -m corpus)\n```", README.read_text()).group(1)
    assert test_command in ci_lines and corpus_command in ci_lines
    assert ci_lines.index(test_command) < ci_lines.index(corpus_command)


def test_the_default_run_leaves_out_the_corpus_tests():
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["addopts"]
    assert "-m 'not corpus'" in addopts


def test_readme_open_command_names_an_existing_sample():
    open_command = shell_blocks()[0]
    sample = re.search(r"(sample_articles/\S+)", open_command).group(1)
    assert (ROOT / sample).is_file()
