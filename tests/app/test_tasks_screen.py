"""Pilot tests of the Tasks screen: loading, filtering, quick filters, detail, blind mode, copy, help, keymap."""

from __future__ import annotations

import pytest

from crmtui.app.screens.tasks import TasksScreen
from crmtui.app.widgets.grid import Grid
from crmtui.tasks.instances import filter_instances

from .conftest import plain, settle, type_text

pytestmark = pytest.mark.asyncio


def _text(widget) -> str:
    return plain(widget)


async def test_loads_every_task(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)
        grid = app.screen.query_one("#tasks-grid", Grid)
        assert grid.row_count == len(catalog) > 5000
        assert app.focused is grid
        assert f"{len(catalog):,} tasks" in _text(app.screen.query_one("#count"))


async def test_filter_with_tasks_syntax(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "task=handle_t*")
        await pilot.pause()
        expected = filter_instances(catalog, "task=handle_t*")
        grid = app.screen.query_one("#tasks-grid", Grid)
        assert 0 < grid.row_count == len(expected)
        assert f"{len(expected):,} / {len(catalog):,}" in _text(app.screen.query_one("#count"))
        await pilot.press("enter")  # back to the table
        assert app.focused is grid
        await pilot.press("x")  # clear
        await pilot.pause()
        assert grid.row_count == len(catalog)


async def test_bad_filter_is_reported_not_raised(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "foo=1")
        await pilot.pause()
        assert "-invalid" in app.screen.query_one("#filter").classes
        assert "unknown filter key" in _text(app.screen.query_one("#count"))
        await pilot.press("enter")  # submitting a bad filter notifies, and keeps the focus in the input
        await pilot.pause()
        assert any("unknown filter key" in str(n.message) for n in app._notifications)
        app.screen.query_one("#filter").value = "org=b2c"
        await pilot.pause()
        assert "-invalid" not in app.screen.query_one("#filter").classes
        assert app.screen.query_one("#tasks-grid", Grid).row_count == len([i for i in catalog if i.org == "b2c"])


async def test_quick_filters_and_free_text(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o", "o")  # org: original -> b2b
        await pilot.press("a", "a")  # answerable: yes -> no
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "org=b2b,answerable=no"
        grid = app.screen.query_one("#tasks-grid", Grid)
        expected = [i for i in catalog if i.org == "b2b" and not i.answerable]
        assert grid.row_count == len(expected) > 0
        screen = app.screen
        assert all(not screen.instances[n].answerable for n in screen.shown)
        await pilot.press("slash", "end")
        await type_text(pilot, ",lead")
        await pilot.pause()
        assert all("lead" in f"{screen.instances[n].id} {screen.instances[n].query}".lower() for n in screen.shown)


async def test_detail_and_blind_mode(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#filter").value = "org=b2b,task=handle_time,answerable=yes"
        await pilot.pause()
        await pilot.pause()
        task = screen.current
        assert task is not None and task.task == "handle_time" and task.solution is not None
        detail = _text(screen.query_one("#detail"))
        assert task.query.split()[0] in detail
        assert "Context (metadata.required)" in detail
        assert task.answer[0] in detail
        assert "Reference solution" in detail
        await pilot.press("b")
        await pilot.pause()
        detail = _text(screen.query_one("#detail"))
        assert screen.blind
        assert task.answer[0] not in detail
        assert "hidden: blind mode" in detail
        assert screen.check_action("solution", ()) is None  # shown disabled
        await pilot.press("b")
        await pilot.pause()
        assert task.answer[0] in _text(screen.query_one("#detail"))


async def test_cursor_moves_the_detail(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        first = screen.current
        await pilot.press("down", "down")
        await pilot.pause(0.15)  # the detail follows a moving cursor at most every 0.1 s
        assert screen.current is not first
        assert screen.current.id in _text(screen.query_one("#detail"))
        await pilot.press("end")
        await pilot.pause(0.15)
        assert screen.current is screen.instances[screen.shown[-1]]
        assert screen.current.id in _text(screen.query_one("#detail"))


async def test_copy_task_id_and_query(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert app.clipboard == app.screen.current.id
        await pilot.press("y")
        assert app.clipboard == app.screen.current.query


async def test_help_lists_bindings_with_ids(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        body = _text(app.screen.query_one("#help-body"))
        for binding_id in ("tasks.blind", "tasks.filter", "workbench.run", "editor.complete", "app.quit"):
            assert binding_id in body
        assert "keys.toml" in body
        await pilot.press("escape")
        assert isinstance(app.screen, TasksScreen)


async def test_keymap_remaps_a_binding(make_app):
    app = make_app(keymap={"tasks.blind": "B"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        assert not app.screen.blind
        await pilot.press("B")
        assert app.screen.blind


async def test_keymap_file_problems_are_notified(make_app, tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text('"tasks.blind" = "B"\n"no.such" = "x"\n', encoding="utf-8")
    monkeypatch.setenv("CRMTUI_KEYS", str(keys))
    app = make_app(keymap=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.keymap_overrides == {"tasks.blind": "B"}
        assert any("no.such" in str(n.message) for n in app._notifications)
        await pilot.press("B")
        assert app.screen.blind


async def test_palette_commands_follow_the_context(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Tasks: blind mode on" in titles
        assert "Tasks: open the reference solution" in titles or app.screen.current.solution is None
        assert "Toggle dark/light theme" in titles
        await pilot.press("b")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Tasks: blind mode off" in titles
        assert "Tasks: open the reference solution" not in titles
        assert "Tasks: copy the task as JSON" not in titles


async def test_theme_toggle(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


async def test_broken_catalog_is_shown_not_raised(make_app):
    def broken():
        raise ValueError("tasks/instances/b2b.jsonl: line 3: missing field 'id'")

    app = make_app(loader=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "missing field" in _text(app.screen.query_one("#detail"))


async def test_mouse_selects_a_row(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("#tasks-grid", Grid)
        await pilot.click("#tasks-grid", offset=(5, 4))  # line 0 is the header
        await pilot.pause(0.15)
        assert grid.cursor_row == 3
        assert app.screen.current is app.screen.instances[app.screen.shown[3]]
