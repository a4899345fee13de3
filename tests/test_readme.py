"""The README's two set-up commands stay true: CI runs the test one, the sample exists."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shell_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(b for b in shell_blocks() if "pytest" in b)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_open_command_names_an_existing_sample():
    open_command = shell_blocks()[0]
    sample = re.search(r"(sample_articles/\S+)", open_command).group(1)
    assert (ROOT / sample).is_file()
