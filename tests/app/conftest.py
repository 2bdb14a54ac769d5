"""Shared fixtures for the app tests: one B2B org built into a temporary directory, the task catalog loaded
once, and an app factory with a fixed clock and no user keymap (so runs and snapshots are deterministic)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crmtui.org.generate import build_org
from crmtui.tasks.instances import load_instances
from crmtui.tasks.model import TaskInstance


@pytest.fixture(scope="session")
def b2b_org(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app-org") / "b2b.db"
    build_org("b2b", seed=1, out=path)
    return path


@pytest.fixture(scope="session")
def catalog() -> list[TaskInstance]:
    return load_instances(include_imported=False)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own CRMTUI_HOME (history, keymap, default orgs) and no CRMTUI_KEYS."""
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CRMTUI_KEYS", raising=False)


@pytest.fixture
def make_app(b2b_org, catalog, tmp_path) -> Callable:
    from crmtui.app.app import CrmtuiApp

    def make(**kwargs):
        options = {"loader": lambda: list(catalog), "org_paths": {"b2b": b2b_org}, "keymap": {},
                   "clock": lambda: 0.0, "db_path": tmp_path / "transcripts.db", "annotator": "ann"}
        options.update(kwargs)
        return CrmtuiApp(**options)

    return make


async def settle(pilot) -> None:
    """Wait for every worker, then for the messages they posted to be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    keys = {" ": "space", "(": "left_parenthesis", ")": "right_parenthesis", ",": "comma", "'": "apostrophe",
            "=": "equals_sign", ".": "full_stop", "*": "asterisk", "_": "underscore", "|": "vertical_line",
            "/": "slash"}
    await pilot.press(*[keys.get(ch, ch) for ch in text])


def plain(widget, width: int = 200) -> str:
    """The text a Static shows (str, rich Text or any rich renderable), without styles."""
    from rich.console import Console
    from rich.text import Text

    if hasattr(widget, "plain"):
        return widget.plain
    content = widget.content
    if isinstance(content, str):
        return content
    if isinstance(content, Text):
        return content.plain
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(content)
    return console.export_text()
