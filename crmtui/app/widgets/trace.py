"""The step trace: one row per step of an episode (actor, kind, status, rows, latency, what), on the virtual Grid.

Rows are built once per step (`trace_row`) and kept, so a 1,000-step episode fills the grid in a few
milliseconds and moving its cursor only redraws two lines.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from crmtui.app.widgets.grid import Cell, Grid
from crmtui.episode.live import rows_of, step_label
from crmtui.store.model import Step

COLUMNS = ("#", "actor", "kind", "status", "rows", "ms", "what")
WIDTHS = [4, 6, 9, 8, 5, 6]  # and "what" takes the rest of the width
ACTOR_STYLES = {"agent": "bold #3b82f6", "human": "bold #10b981", "user": "bold #d97706", "system": "dim"}
_STATUS_STYLES = {"ok": "green", "error": "bold red", "rejected": "bold #d97706", "edited": "#a855f7",
                  "pending": "italic #a855f7", "": ""}


class Styled(str):
    """A cell value drawn in a style (the grid's formatter turns it into rich Text)."""

    style: str = ""

    def __new__(cls, value: str, style: str = "") -> Styled:
        out = super().__new__(cls, value)
        out.style = style
        return out


def trace_cell(value: Any) -> Cell:
    if isinstance(value, Styled):
        return Text(str(value), style=value.style) if value.style else str(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}"
    return str(value)


def step_status(step: Step) -> str:
    meta = step.meta or {}
    if meta.get("rejected"):
        return "rejected"
    if step.error or step.kind == "error":
        return "error"
    if meta.get("edited"):
        return "edited"
    if step.kind in ("query", "tool_call", "respond"):
        return "ok"
    return ""


def trace_row(step: Step, position: int) -> tuple[Any, ...]:
    index = step.index if step.index is not None else position
    status = step_status(step)
    what = " ".join(step_label(step).split())[:400]
    return (index, Styled(step.actor, ACTOR_STYLES.get(step.actor, "")), step.kind,
            Styled(status, _STATUS_STYLES.get(status, "")), rows_of(step), step.duration_ms,
            Styled(what, "dim" if step.actor == "system" else ""))


def pending_row(position: int, actor: str, kind: str, what: str) -> tuple[Any, ...]:
    return (position, Styled(actor, ACTOR_STYLES.get(actor, "")), kind, Styled("pending", _STATUS_STYLES["pending"]),
            None, None, Styled(" ".join(what.split())[:400], "italic"))


class StepTrace(Grid):
    """The steps of an episode; `show(steps)` appends only the steps it has not seen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, formatter=trace_cell, max_column_width=80, zebra=True,
                         empty_text="No steps yet")
        self._rows: list[tuple[Any, ...]] = []
        self._keys: list[tuple[int, str | None]] = []

    def show(self, steps: list[Step], *, cursor: int | None = None, pending: tuple[Any, ...] | None = None) -> None:
        """Show `steps` (plus a pending proposal's row), the cursor on `cursor` (default: the last row)."""
        keys = [(n, s.hash) for n, s in enumerate(steps)]
        if keys[:len(self._keys)] != self._keys or len(keys) < len(self._keys):
            self._rows, self._keys = [], []
        for n in range(len(self._rows), len(steps)):
            self._rows.append(trace_row(steps[n], n))
            self._keys.append(keys[n])
        rows = self._rows + ([pending] if pending is not None else [])
        last = len(rows) - 1
        self.set_data(COLUMNS, rows, widths=self._widths(), cursor=last if cursor is None else cursor)

    def _widths(self) -> list[int]:
        width = self.scrollable_content_region.width or self.size.width or 120
        return [*WIDTHS, max(20, width - sum(w + 2 for w in WIDTHS) - 2)]

    def on_resize(self) -> None:
        if self.columns:
            self.widths = self._widths()
            self._cache.clear()
            self._update_size()
            self.refresh()
