"""A footer that fits the terminal: the keys that matter now first, only whole keys.

Textual's ``Footer`` lists the keys in binding order and cuts the last one that does not fit
(at 80 columns the reader's ended in "a Acce"). ``KeyFooter`` puts the actions the screen
names in ``footer_order()`` first, keeps ``?`` (every key) always, and leaves out whole keys
from the end until the rest fits.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

#: The action that shows every key: never left out.
HELP_ACTION = "app.help"

Entry = tuple[Binding, bool, str]  # a binding, whether it is enabled, its tooltip


class KeyFooter(Footer):
    """The footer of the reader and the library: whole keys only, most useful first."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._fitted_width = 0
        self._shown: tuple[list[list[Entry]], Entry | None] | None = None

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        """Rebuild the keys, unless the same keys would be shown again: the screen refreshes
        its bindings on every focus change and most keys, and most refreshes change nothing."""
        if self._bindings_ready and self.is_attached and self._shown is not None:
            if self._choose() == self._shown:
                self._fitted_width = self.size.width
                return
        await super().recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._fitted_width = self.size.width
        self._shown = shown, palette = self._choose()
        yield from self._keys(shown)
        if palette:
            yield self._palette_key(*palette)

    def _choose(self) -> tuple[list[list[Entry]], Entry | None]:
        """The keys that fit, in the screen's order, and the command palette's key (if shown)."""
        by_action: dict[str, list[Entry]] = {}
        for namespace, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                action = f"app.{binding.action}" if namespace is self.app else binding.action
                by_action.setdefault(action, []).append((binding, enabled, tooltip))
        order = list(getattr(self.screen, "footer_order", lambda: [])())
        rank = {action: place for place, action in enumerate(order)}
        actions = sorted(by_action, key=lambda a: rank.get(a, len(order)))  # stable: binding order
        palette = self._palette_entry()
        room = self.size.width - (self._width([[palette]]) + 2 if palette else 0)  # + border, padding
        shown = self._fit([by_action[a] for a in actions], [a == HELP_ACTION for a in actions], room)
        return shown, palette

    def _fit(self, entries: list[list[Entry]], kept: list[bool], room: int) -> list[list[Entry]]:
        """The entries that fit in ``room`` cells, in order: from the end, whole groups of
        keys are left out, never a kept one (``?``)."""
        chosen = list(range(len(entries)))
        while chosen and self._total([entries[i] for i in chosen]) > room:
            droppable = [i for i in chosen if not kept[i]]
            if not droppable:
                break
            chosen.remove(droppable[-1])
        return [entries[i] for i in chosen]

    def _total(self, entries: list[list[Entry]]) -> int:
        return sum(self._width(run) for run in self._grouped(entries))

    @staticmethod
    def _grouped(entries: list[list[Entry]]) -> Iterator[list[list[Entry]]]:
        """Runs of entries that share a binding group (shown as one key group)."""
        for group, run in groupby(entries, lambda e: e[0][0].group):
            run = list(run)
            if group is not None and len(run) > 1:
                yield run
            else:
                yield from ([entry] for entry in run)

    def _width(self, run: list[list[Entry]]) -> int:
        """Cells taken by one key, or by a group of keys and its label (Footer's CSS)."""
        if len(run) == 1:
            binding = run[0][0][0]
            return cell_len(self.app.get_key_display(binding)) + 2 + cell_len(binding.description) + 1
        keys = sum(cell_len(self.app.get_key_display(entry[0][0])) + 2 for entry in run)
        return keys + cell_len(run[0][0][0].group.description) + 1

    def _keys(self, entries: list[list[Entry]]) -> Iterator[Widget]:
        """The footer's widgets for these entries, as Textual's footer draws them."""
        for run in self._grouped(entries):
            if len(run) == 1:
                binding, enabled, tooltip = run[0][0]
                yield self._key(binding, enabled, tooltip, binding.description)
                continue
            keys = [
                self._key(binding, enabled, tooltip or binding.description, "", "-grouped")
                for binding, enabled, tooltip in (entry[0] for entry in run)
            ]
            yield KeyGroup(*keys, classes="-compact" if run[0][0][0].group.compact else "")
            yield FooterLabel(run[0][0][0].group.description)

    def _key(self, binding: Binding, enabled: bool, tooltip: str, description: str,
             classes: str = "") -> FooterKey:  # fmt: skip
        key = FooterKey(
            binding.key, self.app.get_key_display(binding), description, binding.action,
            disabled=not enabled, tooltip=tooltip, classes=classes,
        )  # fmt: skip
        # Born with the footer's ``compact`` (the key's default is the opposite), so mounting
        # does not restyle it twice: once to add ``-compact``, once to take it off again.
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key.data_bind(compact=Footer.compact)

    def _palette_entry(self) -> Entry | None:
        """The command palette's key, if the footer shows it."""
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        _, binding, enabled, _ = active
        return binding, enabled, binding.tooltip or binding.description

    def _palette_key(self, binding: Binding, enabled: bool, tooltip: str) -> FooterKey:
        """The command palette's key, docked on the right (as in Textual's footer)."""
        return FooterKey(
            binding.key, self.app.get_key_display(binding), binding.description, binding.action,
            classes="-command-palette", disabled=not enabled, tooltip=tooltip,
        )  # fmt: skip
