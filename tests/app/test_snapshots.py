"""SVG snapshots of the Tasks and Workbench screens at 80x24 and 160x48.

Deterministic: the task catalog is the committed one, the org is built from a fixed seed, query timings use a
constant clock, workers are awaited and the editor's cursor does not blink. Update with
`pytest tests/app/test_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

import pytest

from crmtui.app.widgets.editor import SoqlEditor
from crmtui.app.widgets.grid import Grid

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
CONTACTS = "SELECT Id, Name, Email, Account.Name, (SELECT Id FROM Cases) FROM Contact ORDER BY Id LIMIT 40"


async def _tasks(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#filter").value = "org=b2b,domain=service"
    await pilot.pause()
    await pilot.press("down", "down")
    await pilot.pause(0.15)  # the detail follows the cursor at most every 0.1 s
    await pilot.pause()


async def _workbench(pilot, query: str = CONTACTS) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#filter").value = "org=b2b"
    await pilot.pause()
    await pilot.press("q")
    await settle(pilot)
    editor = pilot.app.screen.query_one(SoqlEditor)
    editor.cursor_blink = False
    editor.load_text(query)
    editor.move_cursor(editor.document.end)
    await pilot.press("ctrl+r")
    await settle(pilot)
    grid = pilot.app.screen.query_one("#results", Grid)
    grid.focus()
    await pilot.press("down", "down")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_tasks_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_tasks)


def test_tasks_screen_blind(snap_compare, make_app):
    async def blind(pilot) -> None:
        await _tasks(pilot)
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=blind)


@pytest.mark.parametrize("size", SIZES)
def test_workbench_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_workbench)


def test_workbench_error(snap_compare, make_app):
    async def error(pilot) -> None:
        await _workbench(pilot, "SELECT Id, Emial FROM Contact")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=error)
