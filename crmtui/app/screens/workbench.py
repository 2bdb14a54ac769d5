"""The query workbench: SOQL/SOSL editor, results grid, record detail and schema browser on one org.

This is the inspector half of the future Episode screen, usable on its own. All org work (building the org
on first use, opening it, queries, next batches, record fetches) runs in thread workers that post messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from crmtui.app.keys import bindings, display_keys
from crmtui.app.messages import OrgFailed, OrgOpened, OrgProgress, QueryDone, QueryFailed, RecordLoaded
from crmtui.app.render import format_value, record_detail
from crmtui.app.session import ChildRows, OrgSession, QueryHistory, QueryResult, record_json
from crmtui.app.widgets.editor import CompletionPopup, SoqlEditor
from crmtui.app.widgets.grid import Cell, Grid
from crmtui.app.widgets.pane import RichPane
from crmtui.app.widgets.schema import SchemaBrowser

ORG_KINDS = ("original", "b2b", "b2c")
_STARTER = {"original": "SELECT Id, Subject, Status, Priority FROM Case ORDER BY CreatedDate DESC LIMIT 50",
            "b2b": "SELECT Id, Name, Industry, NumberOfEmployees FROM Account ORDER BY Name LIMIT 50",
            "b2c": "SELECT Id, Name, Industry FROM Account ORDER BY Name LIMIT 50"}


def result_cell(value: Any) -> Cell:
    if value is None:
        return Text("null", style="dim italic")
    if isinstance(value, ChildRows):
        return Text(str(value), style="dim")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class HistoryScreen(ModalScreen[str]):
    """Pick a query from the history (newest first)."""

    BINDINGS: ClassVar = bindings("help")

    def __init__(self, queries: list[str]) -> None:
        super().__init__()
        self.queries = list(reversed(queries))

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="dialog"):
            yield Static(Text.assemble(("Query history", "bold"), ("  enter uses a query · esc closes", "dim")))
            options = [Option(Text(" ".join(q.split()), overflow="ellipsis", no_wrap=True)) for q in self.queries]
            yield OptionList(*options, id="history-list")
            if not self.queries:
                yield Static(Text("No queries yet.", style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.queries[event.option_index])


class WorkbenchScreen(Screen):
    """SOQL/SOSL against one embedded org."""

    HELP_SCOPES: ClassVar = ("workbench", "editor", "grid", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("workbench")
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-medium"), (130, "-wide")]
    AUTO_FOCUS = "#editor"

    def __init__(self, kind: str = "b2b", *, query: str = "", path: Path | None = None, run: bool = False,
                 extra_history: list[str] | None = None, history: QueryHistory | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.path = path
        self.initial_query = query or _STARTER.get(kind, "")
        self._starter = not query
        self.run_on_open = run and bool(query)
        self.history = history if history is not None else QueryHistory()
        self.extra_history = list(extra_history or [])
        self.session: OrgSession | None = None
        self.result: QueryResult | None = None
        self.loading_more = False
        self.running = False
        self.record: dict | None = None
        self.record_row: int | None = None
        self._history_pos: int | None = None
        self._seq = 0  # incremented by every run; answers carry it
        self._draft = ""
        self._schema_forced: bool | None = None
        self._record_forced: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="wb-body"):
            yield SchemaBrowser(id="schema")
            with Vertical(id="wb-main"):
                yield SoqlEditor(self.initial_query, id="editor")
                with Horizontal(id="org-loading"):
                    yield Static(Text(f"Opening the {self.kind} org…", style="dim"), id="org-label")
                    yield ProgressBar(id="org-progress", show_eta=False)
                yield Static("", id="status")
                yield Static("", id="error")
                with Horizontal(id="wb-results"):
                    yield Grid(id="results", cell_cursor=True, formatter=result_cell, max_column_width=40,
                               empty_text="Run a query (ctrl+r) to see rows here")
                    yield RichPane(Text("Select a row to see every field of its record.", style="dim"), id="record")
        yield CompletionPopup()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Query workbench · {self.kind} org"
        self.query_one("#error").display = False
        if self._starter:
            # The example query is selected, so typing a query replaces it rather than prepending to it.
            self.query_one("#editor", SoqlEditor).select_all()
        self._layout()
        self.open_org()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        wide = self.size.width >= 130
        schema = self._schema_forced if self._schema_forced is not None else wide
        record = self._record_forced if self._record_forced is not None else wide
        self.query_one("#schema").display = schema
        self.query_one("#record").display = record

    # -- the org
    @work(thread=True, exclusive=True, group="org", exit_on_error=False)
    def open_org(self) -> None:
        def progress(label: str, done: int, total: int) -> None:
            self.post_message(OrgProgress(label, done, total))

        try:
            org_path = self.path or self.app.org_path(self.kind)  # type: ignore[attr-defined]
            clock = getattr(self.app, "clock", None)
            session = OrgSession.open(self.kind, org_path, progress=progress,
                                      **({"clock": clock} if clock is not None else {}))
        except Exception as exc:
            self.post_message(OrgFailed(str(exc)))
            return
        self.post_message(OrgOpened(session))

    def on_org_progress(self, message: OrgProgress) -> None:
        self.query_one("#org-label", Static).update(
            Text(f"Building the {self.kind} org (first use): {message.label}", style="dim"))
        self.query_one("#org-progress", ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_org_opened(self, message: OrgOpened) -> None:
        self.session = message.session
        self.query_one("#org-loading").display = False
        editor = self.query_one(SoqlEditor)
        editor.schema = self.session.schema
        self.query_one(SchemaBrowser).load(self.session.schema)
        self.sub_title = f"Query workbench · {self.session.kind} org · now {self.session.now[:10]}"
        self._status(Text.assemble((f"{self.session.kind} org", "bold"),
                                   f" · {len(self.session.schema.objects)} objects · clock {self.session.now} · ",
                                   (f"{display_keys('workbench.run', self._keymap())} runs the query", "dim")))
        if self.run_on_open:
            self.action_run()

    def on_org_failed(self, message: OrgFailed) -> None:
        self.query_one("#org-loading").display = False
        self._show_error("ORG_UNAVAILABLE", message.error)

    def _keymap(self) -> dict:
        return getattr(self.app, "keymap_overrides", {})

    # -- running queries
    def action_run(self) -> None:
        text = self.query_one(SoqlEditor).text.strip()
        if not text:
            self.notify("Type a SOQL query (SELECT …) or a SOSL search (FIND …) first.", severity="warning")
            return
        if self.session is None:
            self.notify("The org is still opening; try again in a moment.", severity="warning")
            return
        popup = self.query_one(CompletionPopup)
        popup.hide()
        self.running = True
        self._history_pos = None
        self._status(Text("running…", style="dim italic"))
        self._seq += 1
        self.run_query(text, self._seq)

    @work(thread=True, exclusive=True, group="query", exit_on_error=False)
    def run_query(self, text: str, seq: int) -> None:
        from crmtui.org.errors import SalesforceError

        session = self.session
        assert session is not None
        self.history.add(session.kind, text)
        try:
            result = session.run(text)
        except SalesforceError as exc:
            self.post_message(QueryFailed(exc.error_code, exc.message, text, seq))
            return
        except Exception as exc:  # never crash on a query: report it as Salesforce would
            self.post_message(QueryFailed("UNKNOWN_EXCEPTION", f"An unexpected error occurred: {exc}", text, seq))
            return
        self.post_message(QueryDone(result, seq=seq))

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def fetch_more(self, previous: QueryResult, seq: int) -> None:
        from crmtui.org.errors import SalesforceError

        assert self.session is not None
        try:
            result = self.session.more(previous)
        except SalesforceError as exc:
            self.post_message(QueryFailed(exc.error_code, exc.message, previous.query, seq))
            return
        except Exception as exc:
            self.post_message(QueryFailed("UNKNOWN_EXCEPTION", str(exc), previous.query, seq))
            return
        self.post_message(QueryDone(result, page=True, seq=seq))

    def on_query_done(self, message: QueryDone) -> None:
        if message.seq != self._seq:
            return  # an earlier run's answer, overtaken by a newer query
        result = message.result
        grid = self.query_one("#results", Grid)
        self.query_one("#error").display = False
        if message.page and self.result is not None:
            self.loading_more = False
            grid.append_rows(result.rows, result.columns)
            self.result.rows.extend(result.rows)
            self.result.records.extend(result.records)
            self.result.columns = result.columns
            self.result.next_url = result.next_url
            self.result.seconds += result.seconds
        else:
            self.running = False
            self.result = result
            self.record, self.record_row = None, None
            grid.set_data(result.columns, result.rows)
            if not result.rows:
                self._show_record(None)
        self._status(self._summary())
        self.refresh_bindings()
        schema = self.query_one(SchemaBrowser)
        if not message.page and result.objects and schema.display and not schema.query_one("#schema-tree").has_focus:
            schema.select_field(result.objects[0])  # the browser follows the query's object

    def _summary(self) -> Text:
        r = self.result
        if r is None:
            return Text("")
        loaded = len(r.rows)
        parts: list[Any] = []
        if r.count_only:
            parts.append((f"COUNT() = {r.total_size:,}", "bold"))
        elif r.sosl:
            parts.append((f"{loaded:,} search result{'s' * (loaded != 1)}", "bold"))
        elif loaded == r.total_size:
            parts.append((f"{loaded:,} row{'s' * (loaded != 1)}", "bold"))
        else:
            parts.append((f"{loaded:,} of {r.total_size:,} rows", "bold"))
        if r.objects:
            parts.append(" · " + ", ".join(r.objects))
        parts.append(f" · {r.seconds * 1000:.0f} ms")
        if r.next_url:
            parts.append((f" · {display_keys('workbench.more', self._keymap())} (or scrolling down) loads more",
                          "dim"))
        return Text.assemble(*parts)

    def on_query_failed(self, message: QueryFailed) -> None:
        if message.seq != self._seq:
            return
        self.running = False
        self.loading_more = False
        self._status(Text.assemble((message.error_code, "bold red"), " · the query was not run", style=""))
        self._show_error(message.error_code, message.message)
        lines = [ln for ln in message.message.splitlines() if ln.strip()]
        summary = lines[-1] if lines else message.message  # the text after the position excerpt
        self.notify(summary[:300], title=message.error_code, severity="error", timeout=6)

    def _show_error(self, code: str, text: str) -> None:
        error = self.query_one("#error", Static)
        parts: list[Any] = [Text(code, style="bold"), Text(text.strip("\n"))]
        hint = self._did_you_mean(text)
        if hint:
            parts.append(Text(hint, style="italic"))
        error.update(Group(*parts))
        error.display = True
        self._point_at_error(text)

    def _did_you_mean(self, message: str) -> str:
        """Close names for an unknown field, object or relationship (from the schema)."""
        import difflib
        import re

        if self.session is None:
            return ""
        schema = self.session.schema
        m = re.search(r"No such column '([^']+)' on entity '([^']+)'", message)
        if m:
            obj = schema.object(m.group(2))
            names = list(obj.fields) if obj else []
            names += [f.relationship_name for f in (obj.references if obj else []) if f.relationship_name]
            close = difflib.get_close_matches(m.group(1), names, n=3, cutoff=0.6)
            return f"Did you mean {' or '.join(close)}?" if close else ""
        m = re.search(r"sObject type '([^']+)' is not supported", message)
        if m:
            close = difflib.get_close_matches(m.group(1), list(schema.objects), n=3, cutoff=0.6)
            return f"Did you mean {' or '.join(close)}?" if close else ""
        return ""

    def _point_at_error(self, message: str) -> None:
        """Put the editor's cursor where Salesforce says the error is (`ERROR at Row:R:Column:C`)."""
        import re

        m = re.search(r"ERROR at Row:(\d+):Column:(\d+)", message)
        if m:
            editor = self.query_one(SoqlEditor)
            row, column = int(m.group(1)) - 1, int(m.group(2)) - 1
            if 0 <= row < editor.document.line_count:
                editor.move_cursor((row, min(column, len(editor.document.get_line(row)))))

    def _status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    # -- more rows
    def action_more(self) -> None:
        if self.result is None or self.result.next_url is None:
            self.notify("Every row is loaded.", timeout=2)
            return
        self._load_more()

    def _load_more(self) -> None:
        if self.result is None or self.result.next_url is None or self.loading_more:
            return
        self.loading_more = True
        self._status(Text.assemble(self._summary(), (" · loading more…", "dim italic")))
        self.fetch_more(self.result, self._seq)

    @on(Grid.NearEnd, "#results")
    def _near_end(self, event: Grid.NearEnd) -> None:
        self._load_more()

    # -- record detail
    def _row_record(self, row: int) -> dict | None:
        if self.result is None or not 0 <= row < len(self.result.records):
            return None
        return self.result.records[row]

    @on(Grid.RowHighlighted, "#results")
    def _result_highlighted(self, event: Grid.RowHighlighted) -> None:
        if self.query_one("#record").display:
            self._load_record(event.row)

    @on(Grid.RowSelected, "#results")
    def _result_selected(self, event: Grid.RowSelected) -> None:
        if not self.query_one("#record").display:
            self._record_forced = True
            self._layout()
        self._load_record(event.row)

    def _load_record(self, row: int) -> None:
        record = self._row_record(row)
        self.record, self.record_row = record, row
        if record is None:
            if self.result is not None and self.result.count_only:
                self._show_record(None, Text(f"COUNT() = {self.result.total_size:,}"))
            return
        self._show_record(record, complete=False)
        rtype = (record.get("attributes") or {}).get("type")
        rid = record.get("Id")
        if self.session is not None and rtype and rtype != "AggregateResult" and isinstance(rid, str):
            self.fetch_record(row, rtype, rid)

    @work(thread=True, exclusive=True, group="record", exit_on_error=False)
    def fetch_record(self, row: int, sobject: str, record_id: str) -> None:
        assert self.session is not None
        try:
            record = self.session.record(sobject, record_id)
        except Exception:
            return  # the partial record stays on screen
        self.post_message(RecordLoaded(row, record, True))

    def on_record_loaded(self, message: RecordLoaded) -> None:
        if message.row != self.record_row:
            return
        self.record = message.record
        self._show_record(message.record, complete=True, selected=self._row_record(message.row))

    def _show_record(self, record: dict | None, note: Text | None = None, complete: bool = False,
                     selected: dict | None = None) -> None:
        detail = self.query_one("#record", RichPane)
        if record is None:
            detail.update(note or Text("No record selected.", style="dim"))
            return
        obj = None
        if self.session is not None:
            rtype = (record.get("attributes") or {}).get("type")
            obj = self.session.schema.object(rtype) if rtype else None
        detail.update(record_detail(record, obj, complete=complete, selected=selected))

    def action_toggle_record(self) -> None:
        record = self.query_one("#record")
        self._record_forced = not record.display
        self._layout()
        if record.display and self.result is not None:
            self._load_record(self.query_one("#results", Grid).cursor_row)

    # -- schema browser
    def action_toggle_schema(self) -> None:
        schema = self.query_one(SchemaBrowser)
        self._schema_forced = not schema.display
        self._layout()
        if schema.display:
            if self.result is not None and self.result.objects:
                schema.select_field(self.result.objects[0])
            self.query_one("#schema-tree").focus()
        else:
            self.query_one(SoqlEditor).focus()

    @on(SchemaBrowser.Insert)
    def _insert_name(self, event: SchemaBrowser.Insert) -> None:
        editor = self.query_one(SoqlEditor)
        editor.insert(event.text)
        editor.focus()

    # -- history
    def _history_queries(self) -> list[str]:
        queries = self.history.queries(self.kind)
        extra = [q for q in self.extra_history if q not in queries]
        return extra + queries

    @on(SoqlEditor.HistoryStep)
    def _history_step(self, event: SoqlEditor.HistoryStep) -> None:
        queries = self._history_queries()
        if not queries:
            self.notify("No queries in the history yet.", timeout=2)
            return
        editor = self.query_one(SoqlEditor)
        if self._history_pos is None:
            if event.delta > 0:
                return
            self._draft = editor.text
            pos = len(queries) - 1
            if queries[pos].strip() == editor.text.strip() and pos > 0:
                pos -= 1
        else:
            pos = self._history_pos + event.delta
        if pos >= len(queries):
            self._history_pos = None
            editor.load_text(self._draft)
        else:
            self._history_pos = max(0, pos)
            editor.load_text(queries[self._history_pos])
        editor.move_cursor(editor.document.end)

    def action_history(self) -> None:
        def use(query: str | None) -> None:
            if query:
                editor = self.query_one(SoqlEditor)
                editor.load_text(query)
                editor.move_cursor(editor.document.end)
                editor.focus()

        self.app.push_screen(HistoryScreen(self._history_queries()), use)

    # -- focus, copy, back
    def action_focus_editor(self) -> None:
        self.query_one(SoqlEditor).focus()

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what} ({len(text):,} characters)", timeout=2)

    def action_copy_cell(self) -> None:
        grid = self.query_one("#results", Grid)
        if grid.row_count:
            value = grid.cell_value()
            column = grid.columns[grid.cursor_column] if grid.columns else "cell"
            self._copy("" if value is None else format_value(value) if not isinstance(value, ChildRows)
                       else json.dumps(list(value.records), ensure_ascii=False), column)

    def action_copy_record(self) -> None:
        grid = self.query_one("#results", Grid)
        record = self.record if self.record_row == grid.cursor_row and self.record else \
            self._row_record(grid.cursor_row)
        if record is not None:
            self._copy(record_json(record), "the record")

    def action_copy_query(self) -> None:
        text = self.query_one(SoqlEditor).text
        if text.strip():
            self._copy(text, "the query")

    def action_back(self) -> None:
        editor = self.query_one(SoqlEditor)
        if editor.has_focus:
            self.query_one("#results", Grid).focus()
            return
        schema = self.query_one(SchemaBrowser)
        if schema.display and self._schema_forced and self.size.width < 100:
            self._schema_forced = None  # the narrow layout's schema drawer closes first
            self._layout()
            editor.focus()
            return
        record = self.query_one("#record")
        if record.display and self._record_forced and self.size.width < 130:
            self._record_forced = None  # the narrow layout's record pane closes first
            self._layout()
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return True if self.result is not None and self.result.next_url else None
        if action in ("copy_cell", "copy_record"):
            return True if self.result is not None and self.result.rows else None
        return True

    # -- command palette
    def palette_commands(self) -> Iterable[SystemCommand]:
        km = self._keymap()

        def keys(binding_id: str) -> str:
            return f" ({display_keys(binding_id, km)})"

        yield SystemCommand("Workbench: run the query", "SOQL or SOSL" + keys("workbench.run"), self.action_run)
        yield SystemCommand("Workbench: query history", "Pick an earlier query" + keys("workbench.history"),
                            self.action_history)
        yield SystemCommand("Workbench: schema browser", "Show or hide objects and fields" + keys("workbench.schema"),
                            self.action_toggle_schema)
        yield SystemCommand("Workbench: record detail", "Show or hide every field of the selected record"
                            + keys("workbench.record"), self.action_toggle_record)
        yield SystemCommand("Workbench: copy the query", "OSC 52 clipboard" + keys("workbench.copy-query"),
                            self.action_copy_query)
        if self.result is not None and self.result.rows:
            yield SystemCommand("Workbench: copy the cell", "OSC 52 clipboard" + keys("workbench.copy-cell"),
                                self.action_copy_cell)
            yield SystemCommand("Workbench: copy the record as JSON", "OSC 52 clipboard"
                                + keys("workbench.copy-record"), self.action_copy_record)
        if self.result is not None and self.result.next_url:
            yield SystemCommand("Workbench: load more rows", "Fetch the next batch" + keys("workbench.more"),
                                self.action_more)
        for kind in ORG_KINDS:
            if kind != self.kind:
                yield SystemCommand(f"Workbench: switch to the {kind} org", "Reopen the workbench on another org",
                                    lambda k=kind: self.app.switch_screen(
                                        WorkbenchScreen(k, query="", history=self.history)))
