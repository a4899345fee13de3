"""The layers of docs/architecture.md: each package imports only the layers below it."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What each top-level package may import from the project (itself included).
ALLOWED = {
    "annotators": {"annotators"},
    "corpus": {"annotators", "corpus"},
    "services": {"annotators", "corpus", "services"},
    "tui": {"annotators", "corpus", "services", "tui"},
}
PROJECT = set(ALLOWED)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_the_layers_below(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in PROJECT:
                assert top in ALLOWED[package], f"{path.relative_to(ROOT)} imports {module}"
            if package != "tui":
                assert top != "textual", f"{path.relative_to(ROOT)} imports {module}"


def test_the_index_and_the_article_files_never_call_each_other_or_the_library():
    for name, others in (
        ("index", {"corpus.article_files", "corpus.library", "corpus.export"}),
        ("article_files", {"corpus.index", "corpus.library", "corpus.export"}),
    ):
        modules = imported_modules(ROOT / "corpus" / f"{name}.py")
        wrong = {m for m in modules if any(m == o or m.startswith(o + ".") for o in others)}
        assert not wrong, f"corpus/{name}.py imports {sorted(wrong)}"


def test_widgets_folder_holds_only_widgets():
    from textual.widget import Widget

    for path in sorted((ROOT / "tui" / "widgets").glob("[!_]*.py")):
        module = importlib.import_module(f"tui.widgets.{path.stem}")
        widgets = [
            value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Widget) and value.__module__ == module.__name__
        ]  # fmt: skip
        assert widgets, f"{path.relative_to(ROOT)} defines no widget"
