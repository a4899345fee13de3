"""The keys in force: the config's ``[keys]`` remaps checked against every binding they touch."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from textual.binding import Binding

from tui.config import ConfigError


def _keys(binding: Binding, remap: Mapping[str, str]) -> set[str]:
    keys = remap.get(binding.id, binding.key) if binding.id else binding.key
    return {k.strip() for k in keys.split(",") if k.strip()}


def key_conflicts(remap: Mapping[str, str], groups: Iterable[Iterable[type]]) -> list[str]:
    """One line per key that a remap gives to two actions active together (a group of
    classes whose bindings are live at once, e.g. a screen and the app).

    Keys shared by default (one key, different modes) are not conflicts; a remapped key
    landing on another binding's key is."""
    problems = []
    for group in groups:
        bindings = [b for owner in group for b in owner.BINDINGS if isinstance(b, Binding)]
        default, now = defaultdict(set), defaultdict(set)
        for binding in bindings:
            name = binding.id or binding.action
            for key in _keys(binding, {}):
                default[key].add(name)
            for key in _keys(binding, remap):
                now[key].add(name)
        for key, names in sorted(now.items()):
            moved = {n for n in names if n in remap and key not in _keys_of(n, bindings)}
            if len(names) > 1 and moved and names != default[key]:
                others = names - moved
                line = (
                    f"'{key}' is given to {' and '.join(sorted(moved))} but is already {' and '.join(sorted(others))}"
                    if others
                    else f"'{key}' is given to both {' and '.join(sorted(moved))}"
                )
                if line not in problems:
                    problems.append(line)
    return problems


def _keys_of(name: str, bindings: list[Binding]) -> set[str]:
    """The default keys of the binding(s) called ``name``."""
    return {k for b in bindings if (b.id or b.action) == name for k in _keys(b, {})}


def check_keymap(remap: Mapping[str, str], path: object, groups: Iterable[Iterable[type]]) -> None:
    """ConfigError naming the config file and every conflict, if the remap makes any."""
    problems = key_conflicts(remap, groups)
    if problems:
        raise ConfigError(f"{path}: [keys] conflicts: {'; '.join(problems)}")
