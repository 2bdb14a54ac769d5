"""Every key binding of the app, by id, in one registry; and the user's keymap file.

Screens and widgets build their `BINDINGS` from this registry (`bindings(scope)`), the help screen lists it,
and the command palette shows the keys it gives. A binding is remapped by its id in a TOML file,
`$CRMTUI_HOME/keys.toml` (or the file named by `$CRMTUI_KEYS`):

    # crmtui keymap: binding id = key, or several keys separated by commas (or a list)
    "workbench.run" = "ctrl+r,f5"
    "tasks.blind" = "B"
    "app.theme" = ["ctrl+t", "f10"]

A `[keys]` table holding the same entries is accepted too. Key names are Textual's (`ctrl+r`, `f5`,
`slash`, `question_mark`, `shift+tab`, an upper-case letter for shift+letter); `python -m textual keys`
(textual-dev) shows what a terminal sends. Unknown ids and bad values are reported when the app starts and
otherwise ignored.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SCOPES", "KeySpec", "Keymap", "bindings", "display_keys", "keymap_path", "load_keymap", "spec"]


@dataclass(frozen=True)
class KeySpec:
    """One binding: its id, default key(s) (comma-separated), action and description."""

    id: str
    key: str
    action: str
    description: str
    show: bool = False  # in the footer
    priority: bool = False
    key_display: str | None = None
    help: str = ""  # the longer description (help screen, tooltip); `description` is the footer's short label

    @property
    def long(self) -> str:
        return self.help or self.description


def _k(id: str, key: str, action: str, description: str, *, show: bool = False, priority: bool = False,
       key_display: str | None = None, help: str = "") -> KeySpec:
    return KeySpec(id, key, action, description, show, priority, key_display, help)


#: scope -> (title, bindings). Scope names match what builds the bindings: the app, a screen or a widget.
SCOPES: dict[str, tuple[str, tuple[KeySpec, ...]]] = {
    "app": ("Everywhere", (
        _k("app.quit", "ctrl+q", "quit", "Quit", priority=True),
        _k("app.help", "f1,question_mark", "help", "Help", show=True, key_display="f1", help="Keys and help"),
        _k("app.palette", "ctrl+p", "command_palette", "Command palette", priority=True),
        _k("app.theme", "ctrl+t", "toggle_dark", "Toggle dark/light theme", priority=True),
    )),
    "tasks": ("Tasks screen", (
        _k("tasks.filter", "slash", "focus_filter", "Filter", show=True, key_display="/"),
        _k("tasks.clear-filter", "x", "clear_filter", "Clear the filter"),
        _k("tasks.org", "o", "cycle('org')", "Org", show=True, help="Quick filter: next org"),
        _k("tasks.suite", "s", "cycle('suite')", "Suite", help="Quick filter: next suite"),
        _k("tasks.domain", "d", "cycle('domain')", "Domain", show=True, help="Quick filter: next domain"),
        _k("tasks.skill", "k", "cycle('skill')", "Skill", help="Quick filter: next skill"),
        _k("tasks.metric", "m", "cycle('metric')", "Metric", help="Quick filter: next reward metric"),
        _k("tasks.answerable", "a", "cycle('answerable')", "Answerable", help="Quick filter: answerable / not / any"),
        _k("tasks.blind", "b", "toggle_blind", "Blind", show=True, help="Blind mode: hide gold answers and solutions"),
        _k("tasks.workbench", "q", "workbench", "Query org", show=True,
           help="Open the query workbench on the task's org"),
        _k("tasks.solution", "e", "solution", "Open the reference solution in the workbench"),
        _k("tasks.copy-id", "c", "copy_id", "Copy the task id"),
        _k("tasks.copy-query", "y", "copy_query", "Copy the task query"),
        _k("tasks.copy-task", "Y", "copy_task", "Copy the task as JSON"),
        _k("tasks.table", "escape", "focus_table", "Back to the task table"),
        _k("tasks.zoom", "z", "zoom", "Maximise the focused pane"),
    )),
    "workbench": ("Query workbench", (
        _k("workbench.run", "ctrl+enter,ctrl+r,f5", "run", "Run", show=True, priority=True,
           key_display="ctrl+r", help="Run the query"),
        _k("workbench.schema", "ctrl+b", "toggle_schema", "Schema", show=True, priority=True, help="Schema browser"),
        _k("workbench.history", "f4", "history", "History", show=True, help="Query history"),
        _k("workbench.editor", "e", "focus_editor", "Edit the query"),
        _k("workbench.more", "m", "more", "Load more rows"),
        _k("workbench.copy-cell", "c", "copy_cell", "Copy the cell"),
        _k("workbench.copy-record", "y", "copy_record", "Copy the record as JSON"),
        _k("workbench.copy-query", "f6", "copy_query", "Copy the query", priority=True),
        _k("workbench.record", "r", "toggle_record", "Record", show=True, help="Record detail pane (every field)"),
        _k("workbench.back", "escape", "back", "Back", key_display="esc",
           help="Back: from the editor to the results, from the results to the tasks"),
    )),
    "editor": ("Query editor", (
        _k("editor.complete", "ctrl+space,ctrl+@", "complete", "Complete objects, fields, relationships"),
        _k("editor.history-previous", "ctrl+up,alt+up", "history(-1)", "Previous query in history"),
        _k("editor.history-next", "ctrl+down,alt+down", "history(1)", "Next query in history"),
    )),
    "help": ("Help and history dialogs", (
        _k("help.close", "escape,f1,q", "dismiss", "Close", show=True, key_display="esc"),
    )),
    "grid": ("Tables (tasks, results, record)", (
        _k("grid.up", "up", "cursor(-1)", "Row up"),
        _k("grid.down", "down", "cursor(1)", "Row down"),
        _k("grid.page-up", "pageup", "page(-1)", "Page up"),
        _k("grid.page-down", "pagedown", "page(1)", "Page down"),
        _k("grid.first", "home", "first", "First row"),
        _k("grid.last", "end", "last", "Last row"),
        _k("grid.left", "left", "column(-1)", "Column left (scrolls wide tables)"),
        _k("grid.right", "right", "column(1)", "Column right"),
        _k("grid.select", "enter", "select", "Open the row (task detail, record detail)"),
    )),
}

_SPECS: dict[str, KeySpec] = {s.id: s for _title, specs in SCOPES.values() for s in specs}

#: binding id -> keys (comma-separated), as Textual's App.set_keymap takes it.
Keymap = dict[str, str]


def spec(binding_id: str) -> KeySpec:
    return _SPECS[binding_id]


def bindings(scope: str) -> list[Any]:
    """Textual `Binding`s of a scope (imports Textual: call only from the app)."""
    from textual.binding import Binding

    return [Binding(s.key, s.action, s.description, show=s.show, priority=s.priority, key_display=s.key_display,
                    id=s.id, tooltip=s.help) for s in SCOPES[scope][1]]


def keymap_path() -> Path:
    """The keymap file: `$CRMTUI_KEYS`, else `$CRMTUI_HOME/keys.toml`."""
    env = os.environ.get("CRMTUI_KEYS")
    if env:
        return Path(env).expanduser()
    from crmtui.home import crmtui_home

    return crmtui_home() / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[Keymap, list[str]]:
    """The keymap in a file (empty if there is none) and the problems found in it, each naming the file."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot read: {exc}"]
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: not valid TOML: {exc}"]
    if isinstance(data.get("keys"), dict):
        data = {**{k: v for k, v in data.items() if k != "keys"}, **data["keys"]}
    keymap: Keymap = {}
    problems: list[str] = []
    for binding_id, value in data.items():
        if binding_id not in _SPECS:
            problems.append(f"{path}: unknown binding id {binding_id!r} (F1 lists the ids)")
            continue
        if isinstance(value, str):
            keys = [k.strip() for k in value.split(",")]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys = [k.strip() for k in value]
        else:
            problems.append(f"{path}: {binding_id}: expected a key string or a list of keys")
            continue
        if not keys or not all(keys):
            problems.append(f"{path}: {binding_id}: empty key")
            continue
        keymap[binding_id] = ",".join(keys)
    return keymap, problems


_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "esc", "ctrl+@": "ctrl+space", "space": "space",
              "pageup": "pgup", "pagedown": "pgdn", "enter": "enter"}


def display_keys(binding_id: str, keymap: Keymap | None = None) -> str:
    """The keys of a binding for people: `ctrl+r / f5`."""
    keys = (keymap or {}).get(binding_id) or _SPECS[binding_id].key
    shown = []
    for key in keys.split(","):
        key = key.strip()
        name = _KEY_NAMES.get(key, key)
        if name not in shown:
            shown.append(name)
    return " / ".join(shown)
