"""Pilot tests of the query workbench: open from a task, run, errors, completion, schema, records, history."""

from __future__ import annotations

import json

import pytest

from crmtui.app.screens.workbench import WorkbenchScreen
from crmtui.app.widgets.editor import CompletionPopup, SoqlEditor
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.schema import SchemaTree
from crmtui.org.schema import load_schema

from .conftest import plain, settle, type_text

pytestmark = pytest.mark.asyncio


async def open_workbench(pilot, filter_text: str = "org=b2b") -> WorkbenchScreen:
    await settle(pilot)
    pilot.app.screen.query_one("#filter").value = filter_text
    await pilot.pause()
    await pilot.press("q")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkbenchScreen)
    assert screen.session is not None
    return screen


async def run(pilot, screen: WorkbenchScreen, query: str, typed: bool = False) -> None:
    editor = screen.query_one(SoqlEditor)
    editor.focus()
    if typed:
        editor.load_text("")
        await type_text(pilot, query)
    else:
        editor.load_text(query)
    await pilot.press("ctrl+r")
    await settle(pilot)


async def test_open_from_task_and_run_typed_query(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        assert screen.kind == "b2b"
        assert app.focused is screen.query_one(SoqlEditor)
        await run(pilot, screen, "SELECT Id FROM Case", typed=True)
        grid = screen.query_one("#results", Grid)
        assert grid.columns == ["Id"]
        assert grid.row_count == 153
        assert "153 rows" in plain(screen.query_one("#status"))
        await pilot.press("escape")  # editor -> results
        assert app.focused is grid
        await pilot.press("escape")  # back to the tasks
        assert app.screen.id == "tasks"


async def test_error_query_shows_salesforce_error(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELECT Id, Foo FROM Case")
        error = screen.query_one("#error")
        assert error.display
        text = plain(error)
        assert "INVALID_FIELD" in text and "No such column 'Foo' on entity 'Case'" in text
        assert "ERROR at Row:1:Column:12" in text
        assert any(n.title == "INVALID_FIELD" for n in app._notifications)
        # the app is alive: a good query clears the error
        await run(pilot, screen, "SELECT COUNT() FROM Case")
        assert not error.display
        assert screen.query_one("#results", Grid).rows == [(153,)]


async def test_malformed_and_sosl(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELEC Id FROM")
        assert "MALFORMED_QUERY" in plain(screen.query_one("#error"))
        await run(pilot, screen, "FIND {Atlastandem} RETURNING Account(Id, Name)")
        grid = screen.query_one("#results", Grid)
        assert not screen.query_one("#error").display
        assert grid.row_count >= 1 and "Name" in grid.columns


async def test_completion_offers_fields_and_accepts(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        editor = screen.query_one(SoqlEditor)
        editor.load_text("SELECT Id FROM Case WHERE ")
        editor.move_cursor(editor.document.end)
        await type_text(pilot, "Sta")
        popup = screen.query_one(CompletionPopup)
        assert popup.display
        assert popup.completions is not None
        assert "Status" in [c.label for c in popup.completions.items]
        await pilot.press("tab")
        assert editor.text == "SELECT Id FROM Case WHERE Status"
        assert not popup.display
        # after a comparison the picklist values are offered
        await type_text(pilot, " = ")
        assert popup.display and "'Closed'" in [c.label for c in popup.completions.items]
        await pilot.press("escape")
        assert not popup.display
        # relationship paths: Contact -> Account. -> fields of Account
        editor.load_text("SELECT Account.")
        editor.move_cursor(editor.document.end)
        editor.insert("")  # cursor at the end
        editor.load_text("SELECT Id FROM Contact WHERE Account.")
        editor.move_cursor(editor.document.end)
        await pilot.press("ctrl+space")
        assert popup.display and "Industry" in [c.label for c in popup.completions.items]


async def test_schema_browser_shows_descriptions(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_workbench(pilot)
        assert screen.query_one("#schema").display  # wide: shown
        tree = screen.query_one(SchemaTree)
        labels = [str(node.label) for node in tree.root.children]
        assert any(label.startswith("Case") for label in labels)
        screen.query_one("#schema").select_field("Case", "Status")
        await pilot.pause()
        await pilot.pause()
        info = " ".join(plain(screen.query_one("#schema-detail")).split())
        field = load_schema("b2b").objects["Case"].fields["Status"]
        assert "Case.Status" in info and field.description[:30] in info and "picklist" in info
        # enter on a field inserts it into the editor
        tree.focus()
        editor = screen.query_one(SoqlEditor)
        editor.load_text("SELECT ")
        editor.move_cursor(editor.document.end)
        await pilot.press("enter")
        assert editor.text == "SELECT Status"


async def test_schema_toggle_on_narrow_screens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workbench(pilot)
        schema = screen.query_one("#schema")
        assert not schema.display
        await pilot.press("ctrl+b")
        assert schema.display
        assert app.focused is screen.query_one(SchemaTree)
        await pilot.press("ctrl+b")
        assert not schema.display
        await run(pilot, screen, "SELECT Id, Name FROM Account LIMIT 3")
        record = screen.query_one("#record")
        assert not record.display  # narrow: the record pane opens on demand
        screen.query_one("#results", Grid).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert record.display and "Account" in plain(record)
        await pilot.press("escape")  # closes the pane first
        assert not record.display and isinstance(app.screen, WorkbenchScreen)
        await pilot.press("escape")
        assert app.screen.id == "tasks"


async def test_record_detail_colours_sensitive_fields(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELECT Id, Name, Account.Name FROM Contact ORDER BY Id LIMIT 5")
        grid = screen.query_one("#results", Grid)
        assert grid.columns == ["Id", "Name", "Account.Name"]
        grid.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.record is not None and screen.record_row == 1
        schema = load_schema("b2b").objects["Contact"]
        detail = screen.query_one("#record").content
        text = plain(screen.query_one("#record"))
        for name in schema.fields:  # every field, not only the selected ones
            assert name in text
        assert "every field" in text
        # pii fields carry the pii style
        from rich.console import Console

        console = Console(width=160, file=open("/dev/null", "w"), color_system="truecolor")  # noqa: SIM115
        segments = list(console.render(detail))
        email = [s for s in segments if s.text.strip() == "Email"]
        assert email and email[0].style is not None and email[0].style.color is not None
        assert email[0].style.color.triplet is not None and email[0].style.color.triplet.hex == "#ef4444"


async def test_copy_cell_record_and_query(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELECT Id, Name FROM Account ORDER BY Name LIMIT 3")
        grid = screen.query_one("#results", Grid)
        grid.focus()
        await pilot.press("right", "c")
        assert app.clipboard == grid.rows[0][1]
        await settle(pilot)
        await pilot.press("y")
        record = json.loads(app.clipboard)
        assert record["Id"] == grid.rows[0][0] and "attributes" in record
        await pilot.press("f6")
        assert app.clipboard == "SELECT Id, Name FROM Account ORDER BY Name LIMIT 3"


async def test_thousands_of_rows_page_in(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELECT Id, Subject, Status FROM Task")
        grid = screen.query_one("#results", Grid)
        assert grid.row_count == 2000 and screen.result.next_url
        assert "2,000 of 5,178 rows" in plain(screen.query_one("#status"))
        grid.focus()
        await pilot.press("end")  # near the end: the next batch loads
        await settle(pilot)
        await pilot.press("m", "end")
        await settle(pilot)
        await pilot.press("m", "end")
        await settle(pilot)
        assert grid.row_count == 5178
        assert screen.result.next_url is None
        assert "5,178 rows" in plain(screen.query_one("#status"))


async def test_history_steps_and_persists(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(pilot)
        await run(pilot, screen, "SELECT Id FROM Account LIMIT 1")
        await run(pilot, screen, "SELECT Id FROM Case LIMIT 1")
        editor = screen.query_one(SoqlEditor)
        editor.load_text("SELECT Name FROM")
        editor.focus()
        await pilot.press("ctrl+up")
        assert editor.text == "SELECT Id FROM Case LIMIT 1"
        await pilot.press("ctrl+up")
        assert editor.text == "SELECT Id FROM Account LIMIT 1"
        await pilot.press("ctrl+down", "ctrl+down")
        assert editor.text == "SELECT Name FROM"
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")  # the newest query
        await pilot.pause()
        assert editor.text == "SELECT Id FROM Case LIMIT 1"
    history = (tmp_path / "home" / "history" / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["query"] for line in history] == ["SELECT Id FROM Account LIMIT 1",
                                                                "SELECT Id FROM Case LIMIT 1"]


async def test_reference_solution_opens_and_runs(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#filter").value = "org=b2b,task=handle_time,answerable=yes"
        await pilot.pause()
        task = app.screen.current
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        assert screen.query_one(SoqlEditor).text == task.solution.queries[0]
        assert screen.result is not None and not screen.query_one("#error").display


async def test_org_is_built_on_first_use_with_progress(make_app, tmp_path):
    """No dump given for b2c: the workbench builds the default org into CRMTUI_HOME, reporting progress."""
    app = make_app(org_paths={})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        seen = []
        app.open_workbench("original")
        await pilot.pause()
        screen = app.screen
        original = screen.on_org_progress

        def spy(message):
            seen.append(message.label)
            original(message)

        screen.on_org_progress = spy  # type: ignore[method-assign]
        await settle(pilot)
        assert screen.session is not None and screen.session.kind == "original"
        assert (tmp_path / "home" / "orgs").is_dir()
        assert not screen.query_one("#org-loading").display
