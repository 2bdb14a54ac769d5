"""The Baselines screen: the report of crmtui/report (human vs agents per task type, skill, domain, org and turn
mode; pass^k; effort; confidentiality; gold validation; agreement; judges) as tables and terminal charts, one
section at a time, filtered by the same dimensions as `crmtui report`.

Open it with `open_baselines(app)` (the command palette's "Baselines"). The transcript DB is read once in a worker
(again on `r`); every filter change builds the report from those rows in a worker too, and the screen only shows
what the workers post. `e` writes the report shown, with its filters, as one self-contained HTML file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from crmtui.app.keys import bindings, display_keys
from crmtui.app.widgets.pane import RichPane

SECTION_TITLES = {"outcomes": "Outcomes", "pass_k": "pass^k", "effort": "Effort", "confidentiality": "Confidentiality",
                  "gold": "Gold", "agreement": "Agreement", "judges": "Judges"}
BY_ORDER = ("skill", "type", "domain", "org", "turn")
FILTERS = ("org", "suite", "task", "skill", "domain", "turn", "kind")
WIDE = 130  # narrower screens get the compact tables (medians only, short headers, wrapped group names)

BASELINES_CSS = """
#baselines-filters { height: 1; background: $panel; padding: 0 1; }
#baselines-tabs { height: 1; background: $panel; padding: 0 1; }
#baselines-body { height: 1fr; scrollbar-gutter: stable; overflow-x: hidden; }
"""


def open_baselines(app: App) -> None:
    """Open the Baselines screen (for the command palette)."""
    app.push_screen(BaselinesScreen())


class DatasetLoaded(Message):
    def __init__(self, data: Any, choices: dict[str, list[str]]) -> None:
        super().__init__()
        self.data = data
        self.choices = choices


class ReportReady(Message):
    def __init__(self, report: dict[str, Any], key: tuple) -> None:
        super().__init__()
        self.report = report
        self.key = key


class BaselinesFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ReportExported(Message):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class BaselinesScreen(Screen):
    """Baselines and reports, one section at a time (tab), filtered by org, suite, task, skill, domain, turns, who."""

    HELP_SCOPES: ClassVar = ("baselines", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("baselines")
    CSS = BASELINES_CSS
    AUTO_FOCUS = "#baselines-body"

    def __init__(self, *, by: str = "skill", section: str = "outcomes", export_dir: Path | None = None) -> None:
        super().__init__(id="baselines")
        self.by = by
        self.section_name = section
        self.filters: dict[str, str | None] = dict.fromkeys(FILTERS)
        self.choices: dict[str, list[str]] = {}
        self.data: Any = None
        self.report: dict[str, Any] | None = None
        self.export_dir = export_dir

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="baselines-filters")
        yield Static(id="baselines-tabs")
        yield RichPane(Text("Reading the transcript DB…", style="dim"), id="baselines-body")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Baselines"
        self._show_bars()
        self.load()

    # -- workers: read the DB, build the report, export
    @work(thread=True, exclusive=True, group="baselines-load", exit_on_error=False)
    def load(self) -> None:
        from crmtui.report.data import filter_choices, read_dataset

        try:
            data = read_dataset(self.app.store, instances=self.app.loader())
        except Exception as exc:  # a broken DB or catalog is reported on screen, never a crash
            self.post_message(BaselinesFailed(f"Cannot read the transcript DB: {exc}"))
            return
        self.post_message(DatasetLoaded(data, filter_choices(data)))

    @work(thread=True, exclusive=True, group="baselines-build", exit_on_error=False)
    def build(self, data: Any, by: str, filters: dict[str, str | None], key: tuple) -> None:
        from crmtui.report import build_report
        from crmtui.report.data import Filters, filter_dataset

        chosen = Filters(**filters)
        try:
            report = build_report(filter_dataset(data, chosen), by=by, filters=chosen,
                                  db=str(getattr(self.app.store, "path", "")))
        except Exception as exc:  # a bug in a statistic must not take the app down: show it
            self.post_message(BaselinesFailed(f"Cannot build the report: {exc}"))
            return
        self.post_message(ReportReady(report, key))

    @work(thread=True, exclusive=True, group="baselines-export", exit_on_error=False)
    def export(self, report: dict[str, Any], path: Path) -> None:
        from crmtui.report.html import render_html

        try:
            path.write_text(render_html(report), encoding="utf-8")
        except OSError as exc:
            self.post_message(BaselinesFailed(f"Cannot write {path}: {exc}"))
            return
        self.post_message(ReportExported(path))

    # -- messages
    def on_dataset_loaded(self, message: DatasetLoaded) -> None:
        self.data, self.choices = message.data, message.choices
        for name, value in self.filters.items():
            if value is not None and value not in self.choices.get(name, []):
                self.filters[name] = None
        self.rebuild()

    def on_report_ready(self, message: ReportReady) -> None:
        if message.key != self._key():
            return  # a filter changed since: a newer report is on its way
        self.report = message.report
        self.show()

    def on_baselines_failed(self, message: BaselinesFailed) -> None:
        self.query_one(RichPane).update(Text(message.error, style="bold red"))
        self.notify(message.error, title="Baselines", severity="error", timeout=10)

    def on_report_exported(self, message: ReportExported) -> None:
        self.notify(f"Wrote {message.path}", title="Report exported", timeout=8)

    # -- display
    def _key(self) -> tuple:
        return (self.by, tuple(sorted((k, v) for k, v in self.filters.items() if v)))

    def rebuild(self) -> None:
        self._show_bars()
        if self.data is not None:
            self.build(self.data, self.by, dict(self.filters), self._key())

    def _show_bars(self) -> None:
        filters = Text(no_wrap=True, overflow="ellipsis")
        filters.append("by ", style="dim")
        filters.append(self.by, style="bold")
        chosen = [(name, value) for name, value in self.filters.items() if value]
        filters.append("   filters ", style="dim")
        if not chosen:
            filters.append("none", style="dim italic")
        for name, value in chosen:
            filters.append(f" {name} {value} ", style="bold reverse")
            filters.append(" ")
        km = self.app.keymap_overrides
        keys = " ".join(display_keys(f"baselines.{name}", km) for name in FILTERS)
        filters.append(f"   ({keys}: cycle, {display_keys('baselines.clear', km)}: clear)", style="dim italic")
        self.query_one("#baselines-filters", Static).update(filters)
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for name, title in SECTION_TITLES.items():
            tabs.append(f" {title} ", style="bold reverse" if name == self.section_name else "dim")
        key = display_keys("baselines.next-section", self.app.keymap_overrides).split(" / ")[0]
        tabs.append(f"   {key} next section", style="dim italic")
        self.query_one("#baselines-tabs", Static).update(tabs)

    def show(self) -> None:
        from crmtui.report.render_rich import section, summary_text

        if self.report is None:
            return
        pane = self.query_one(RichPane)
        body = section(self.report, self.section_name, compact=self.size.width < WIDE)
        empty = not self.report["counts"]["episodes"] and self.section_name not in ("gold",)
        hint = Text("No episode matches: play or import some, or clear the filters (x).", style="dim italic")
        pane.update(Group(summary_text(self.report), Text(""), hint if empty else body))

    def on_resize(self) -> None:
        self.show()  # compact tables below WIDE columns, full ones above

    # -- actions
    def action_section(self, delta: int) -> None:
        names = list(SECTION_TITLES)
        self.section_name = names[(names.index(self.section_name) + delta) % len(names)]
        self._show_bars()
        self.show()

    def action_by(self) -> None:
        self.by = BY_ORDER[(BY_ORDER.index(self.by) + 1) % len(BY_ORDER)]
        self.section_name = "outcomes"
        self.rebuild()

    def action_cycle(self, name: str) -> None:
        values = [None, *self.choices.get(name, [])]
        current = self.filters[name]
        self.filters[name] = values[(values.index(current) + 1) % len(values)] if current in values else None
        if len(values) == 1:
            self.notify(f"No {name} to filter by yet", timeout=3)
        self.rebuild()

    def action_clear(self) -> None:
        self.filters = dict.fromkeys(FILTERS)
        self.rebuild()

    def action_refresh(self) -> None:
        self.load()

    def action_export(self) -> None:
        if self.report is None:
            self.notify("The report is still being computed", timeout=3)
            return
        folder = self.export_dir or Path.cwd()
        path = folder / f"crmtui-report-{time.strftime('%Y%m%d-%H%M%S')}.html"
        self.export(self.report, path)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[SystemCommand]:
        km = self.app.keymap_overrides
        commands = [SystemCommand("Baselines: export the report as HTML", f"({display_keys('baselines.export', km)}) "
                                  "one self-contained file with charts", self.action_export),
                    SystemCommand("Baselines: clear the filters", f"({display_keys('baselines.clear', km)})",
                                  self.action_clear),
                    SystemCommand("Baselines: read the transcript DB again",
                                  f"({display_keys('baselines.refresh', km)})", self.action_refresh)]
        for name, title in SECTION_TITLES.items():
            commands.append(SystemCommand(f"Baselines: show {title}", "section", lambda n=name: self._go(n)))
        for by in BY_ORDER:
            commands.append(SystemCommand(f"Baselines: outcomes by {by}", "break outcomes down",
                                          lambda b=by: self._set_by(b)))
        return commands

    def _go(self, name: str) -> None:
        self.section_name = name
        self._show_bars()
        self.show()

    def _set_by(self, by: str) -> None:
        self.by = by
        self.section_name = "outcomes"
        self.rebuild()
