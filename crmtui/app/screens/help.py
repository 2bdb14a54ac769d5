"""The help screen: every binding of every scope (the current screen's first), with its id for remapping."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crmtui.app.keys import SCOPES, Keymap, bindings, display_keys, keymap_path


def help_renderable(first: tuple[str, ...], keymap: Keymap) -> Group:
    """Every scope's bindings: `first` (the scopes of the screen the help was asked on) at the top, the rest
    dimmed under them."""
    order = list(first) + [s for s in SCOPES if s not in first]
    all_specs = [spec for _title, specs in SCOPES.values() for spec in specs]
    keys_width = min(16, max(len(display_keys(spec.id, keymap)) for spec in all_specs))
    id_width = max(len(spec.id) for spec in all_specs)
    parts: list = []
    for scope in order:
        title, specs = SCOPES[scope]
        here = scope in first
        # the same column widths in every scope's table, so that they line up; ids are never cut
        table = Table(title=Text(title + ("" if here else "  (other screens)"),
                                 style="bold underline" if here else "dim bold underline"),
                      title_justify="left", show_header=False, box=None, padding=(0, 1, 0, 0), expand=True)
        table.add_column("keys", width=keys_width)
        table.add_column("what", ratio=1)
        table.add_column("id", style="dim italic", no_wrap=True, width=id_width)
        for s in specs:
            table.add_row(Text(display_keys(s.id, keymap), style="bold" if here else "dim"),
                          Text(s.long, style="" if here else "dim"), s.id)
        parts += [table, Text("")]
    notes = Text.assemble(
        ("Remap keys: ", "bold"), f"{keymap_path()}\n",
        ("  \"workbench.run\" = \"ctrl+r,f5\"", "italic"), "   one line per binding id; several keys with commas\n",
        ("Editor completion: ", "bold"), "up/down choose, tab or enter accept, esc closes.\n",
        ("Command palette: ", "bold"), "ctrl+p lists every action available here.",
    )
    return Group(*parts, notes)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath (its `HELP_SCOPES`), then every other binding."""

    BINDINGS: ClassVar = bindings("help")

    def __init__(self, scopes: tuple[str, ...], keymap: Keymap) -> None:
        super().__init__()
        self.scopes = scopes
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            title = Text.assemble(("crmtui keys", "bold"), "   ", ("esc closes · ids remap keys in keys.toml", "dim"))
            yield Static(title, id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_renderable(self.scopes, self.keymap), id="help-body")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
