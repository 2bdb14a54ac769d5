"""The inspector: the selected step's result as a grid and the highlighted record with every field.

Fields are coloured by sensitivity (as in the workbench); values that the agent later wrote in a reply are
marked `»` and underlined, so a disclosure stands out.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from crmtui.app.render import flatten_for_detail, format_value, sensitivity_legend, sensitivity_style
from crmtui.app.screens.workbench import result_cell
from crmtui.app.session import flatten_records
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.pane import RichPane
from crmtui.episode.actions import Action
from crmtui.episode.observations import with_types
from crmtui.store.model import Step

_MARKS = {"public": " ", "pii": "●", "internal": "◆", "confidential": "▲"}


def step_table(step: Step) -> tuple[list[str], list[tuple[Any, ...]], list[dict[str, Any]]]:
    """Columns, rows and records (with `attributes.type` where known) of a step's result."""
    obs = step.observation
    if isinstance(obs, list) and all(isinstance(r, dict) for r in obs):
        records = with_types(obs, (step.meta or {}).get("types"))
        columns, rows = flatten_records(records)
        return columns, rows, records
    if isinstance(obs, list):
        return ["value"], [(v,) for v in obs], []
    if isinstance(obs, dict):
        return ["key", "value"], [(k, v) for k, v in obs.items()], []
    if obs is not None:
        return ["value"], [(obs,)], []
    return [], [], []


def record_view(record: dict[str, Any], schema: Any, disclosed: set[str]) -> Group:
    """Every field of a record, coloured by sensitivity, values later written in a reply marked `»`."""
    rtype = (record.get("attributes") or {}).get("type")
    obj = schema.object(rtype) if schema is not None and rtype else None
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("mark", width=1, no_wrap=True)
    table.add_column("field", no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    flat: dict[str, Any] = {}
    flatten_for_detail(record, "", flat)
    marked = 0
    for name, value in flat.items():
        f = obj.field(name) if obj is not None and "." not in name else None
        sens = f.sensitivity if f is not None else "public"
        style = sensitivity_style(sens)
        shown = format_value(value)
        text = Text(shown, style="dim italic" if value is None else "")
        mark = Text(_MARKS.get(sens, " "), style=style)
        if value is not None and shown in disclosed:
            text = Text.assemble(("» ", "bold #f43f5e"), (shown, "underline bold"))
            marked += 1
        table.add_row(mark, Text(name, style=style or "bold"), text)
    title = Text.assemble((str(rtype or "record"), "bold"), "  ", (str(record.get("Id") or ""), "dim"))
    legend = Text.assemble(sensitivity_legend(), ("» in a later reply", "bold #f43f5e"))
    parts: list[RenderableType] = [title, legend]
    if marked:
        parts.append(Text(f"{marked} value{'s' * (marked != 1)} of this record went into a reply", style="#f43f5e"))
    return Group(*parts, Text(""), table)


class Inspector(Vertical):
    """Results grid over record detail; `show_step` fills it from a step, `show_row` picks a record."""

    DEFAULT_CSS = """
    Inspector { height: 1fr; }
    Inspector #ep-results { height: 1fr; }
    Inspector #ep-record { height: 1fr; padding: 0 1; border-top: hkey $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: list[dict[str, Any]] = []
        self.schema: Any = None
        self.disclosed: set[str] = set()
        self.step: Step | None = None

    def compose(self) -> ComposeResult:
        yield Grid(id="ep-results", cell_cursor=True, formatter=result_cell, max_column_width=40,
                   empty_text="Select a query or tool step to see its result")
        yield RichPane(Text("The highlighted row's fields show here.", style="dim"), id="ep-record")

    def show_step(self, step: Step | None, disclosed: set[str], pending: Action | None = None) -> None:
        """Show a step's result (or, with `pending`, the proposed action that has not run yet)."""
        grid = self.query_one("#ep-results", Grid)
        self.step = step
        self.disclosed = disclosed
        if step is None:
            self.records = []
            grid.clear()
            note: RenderableType = Text("No step selected.", style="dim")
            if pending is not None:
                note = Group(Text("proposed, not run yet", style="bold #a855f7"),
                             Text(json.dumps(pending.to_json(), ensure_ascii=False, indent=2)))
            self.query_one("#ep-record", RichPane).update(note)
            return
        columns, rows, records = step_table(step)
        self.records = records
        if step.error:
            grid.clear()
            self.query_one("#ep-record", RichPane).update(Text(step.error, style="bold red"))
            return
        grid.set_data(columns, rows)
        if not rows:
            self.query_one("#ep-record", RichPane).update(self._step_text(step))

    def _step_text(self, step: Step) -> RenderableType:
        if step.kind in ("query", "tool_call"):
            return Text("The step returned no rows.", style="dim")
        body = step.answer if step.kind == "respond" else step.content or step.error or ""
        meta = step.meta or {}
        parts: list[RenderableType] = [Text.assemble((f"step {step.index} · {step.actor} {step.kind}", "bold"))]
        if body:
            parts.append(Text(body[:4000]))
        if meta.get("rejected"):
            parts.append(Text("rejected action: " + json.dumps(meta["rejected"], ensure_ascii=False), style="dim"))
        return Group(*parts)

    def show_row(self, row: int) -> None:
        pane = self.query_one("#ep-record", RichPane)
        if 0 <= row < len(self.records):
            pane.update(record_view(self.records[row], self.schema, self.disclosed))
        elif self.step is not None:
            grid = self.query_one("#ep-results", Grid)
            value = grid.cell_value(row, len(grid.columns) - 1) if grid.row_count else None
            pane.update(Text(format_value(value)) if value is not None else self._step_text(self.step))
