"""A virtual table: thousands of rows, only the visible ones formatted.

Textual's DataTable measures every cell of every row it is given (0.9 s for the 5,450 task instances on a
2-core machine); `Grid` keeps raw rows, sizes columns from their plain text once, and renders lines on
demand through the Line API, so filling or appending is a list operation. A row cursor (and optionally a
cell cursor for copying), a sticky header, horizontal scrolling, and messages like DataTable's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crmtui.app.keys import bindings
from crmtui.app.widgets._virtual import set_virtual_size

Cell = str | Text


def plain_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value
    return str(value)


def _one_line(text: str) -> str:
    if "\n" in text or "\t" in text or "\r" in text:
        return text.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ").replace("\r", " ").replace("\t", " ")
    return text


class Grid(ScrollView, can_focus=True):
    """Rows of values under a header; `formatter` turns a value into a str or rich Text when it is drawn."""

    BINDINGS: ClassVar = bindings("grid")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grid--header", "grid--cursor", "grid--cursor-cell", "grid--even-row", "grid--empty",
    }

    DEFAULT_CSS = """
    Grid {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-size-vertical: 1;
        & > .grid--header { text-style: bold; background: $panel; color: $foreground; }
        & > .grid--even-row { background: $surface-lighten-1 50%; }
        & > .grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .grid--cursor-cell { text-style: underline; }
        & > .grid--empty { color: $text-muted; text-style: italic; }
        &:focus {
            background-tint: $foreground 5%;
            & > .grid--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .grid--cursor-cell { text-style: bold underline; }
        }
        &:dark > .grid--even-row { background: $surface-darken-1 40%; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)
    cursor_column: reactive[int] = reactive(0, init=False)

    class RowHighlighted(Message):
        def __init__(self, grid: Grid, row: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

        @property
        def control(self) -> Grid:
            return self.grid

    class RowSelected(RowHighlighted):
        pass

    class NearEnd(Message):
        """The cursor came within a page of the last row (time to load more)."""

        def __init__(self, grid: Grid) -> None:
            super().__init__()
            self.grid = grid

        @property
        def control(self) -> Grid:
            return self.grid

    def __init__(self, *, cell_cursor: bool = False, zebra: bool = True, max_column_width: int = 48,
                 empty_text: str = "", formatter: Callable[[Any], Cell] = plain_cell, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cell_cursor = cell_cursor
        self.zebra = zebra
        self.max_column_width = max_column_width
        self.empty_text = empty_text
        self.formatter = formatter
        self.columns: list[str] = []
        self.widths: list[int] = []
        self.right: list[bool] = []
        self.rows: list[Sequence[Any]] = []
        self._cache: dict[tuple, list[Segment]] = {}

    # -- data
    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_data(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, widths: Sequence[int] | None = None,
                 cursor: int = 0) -> None:
        """Replace the columns and rows; column widths come from the header and (a sample of) the rows."""
        self.columns = list(columns)
        self.rows = list(rows)
        self.widths = list(widths) if widths is not None else self._measure(self.rows)
        self.right = self._numeric(self.rows)
        self._cache.clear()
        self._update_size()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.set_reactive(Grid.cursor_row, max(0, min(cursor, len(self.rows) - 1)))
        self.set_reactive(Grid.cursor_column, 0)
        self._scroll_cursor_into_view()
        self.refresh()
        if self.rows:
            self.post_message(self.RowHighlighted(self, self.cursor_row))

    def append_rows(self, rows: Sequence[Sequence[Any]], columns: Sequence[str] | None = None) -> None:
        """Add rows at the end (a next page); new columns, if given, extend the header."""
        if columns is not None and list(columns) != self.columns:
            self.columns = list(columns)
            width = len(self.columns)
            self.rows = [tuple(r) + (None,) * (width - len(r)) for r in self.rows]
        self.rows.extend(rows)
        widths = self._measure(self.rows[-len(rows):] if rows else [])
        self.widths = [max(a, b) for a, b in zip(widths, self.widths + [0] * len(widths), strict=False)]
        self.right = self._numeric(self.rows[:1000])
        self._cache.clear()
        self._update_size()
        self.refresh()

    def clear(self) -> None:
        self.set_data([], [])

    def cell_value(self, row: int | None = None, column: int | None = None) -> Any:
        row = self.cursor_row if row is None else row
        column = self.cursor_column if column is None else column
        if 0 <= row < len(self.rows) and 0 <= column < len(self.columns):
            r = self.rows[row]
            return r[column] if column < len(r) else None
        return None

    def _text(self, value: Any) -> str:
        cell = self.formatter(value)
        return _one_line(cell.plain if isinstance(cell, Text) else cell)

    def _measure(self, rows: Sequence[Sequence[Any]]) -> list[int]:
        widths = [cell_len(c) for c in self.columns]
        cap = self.max_column_width
        sample = rows if len(rows) <= 2000 else list(rows[:1000]) + list(rows[-1000:])
        text = self._text
        for r in sample:
            for i, value in enumerate(r[:len(widths)]):
                if widths[i] >= cap:
                    continue
                s = text(value)
                n = len(s) if s.isascii() else cell_len(s)
                if n > widths[i]:
                    widths[i] = min(n, cap)
        return [max(1, w) for w in widths]

    def _numeric(self, rows: Sequence[Sequence[Any]]) -> list[bool]:
        out = []
        for i in range(len(self.columns)):
            values = [r[i] for r in rows[:200] if i < len(r) and r[i] is not None]
            out.append(bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values))
        return out

    def _update_size(self) -> None:
        total = sum(w + 2 for w in self.widths)
        set_virtual_size(self, Size(total, len(self.rows) + 1))

    # -- cursor
    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._cache.pop(("row", old), None)
        before = self.scroll_offset
        self._scroll_cursor_into_view()
        if self.scroll_offset == before:
            self.refresh_row(old)  # only the two rows that changed
            self.refresh_row(new)
        else:
            self.refresh()
        if self.rows:
            self.post_message(self.RowHighlighted(self, new))
            if new >= len(self.rows) - self._page:
                self.post_message(self.NearEnd(self))

    def watch_cursor_column(self) -> None:
        self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        if not self.rows:
            return
        page = self._page
        row = self.cursor_row
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False, immediate=True)
        if self.cell_cursor and self.widths:
            left = sum(w + 2 for w in self.widths[:self.cursor_column])
            right = left + self.widths[self.cursor_column] + 2
            width = self.scrollable_content_region.width
            x = round(self.scroll_x)
            if left < x:
                self.scroll_to(x=left, animate=False, immediate=True)
            elif right > x + width:
                self.scroll_to(x=min(left, right - width), animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta * self._page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_column(self, delta: int) -> None:
        if self.cell_cursor:
            self.cursor_column = max(0, min(self.cursor_column + delta, len(self.columns) - 1))
        else:
            self.scroll_to(x=max(0, self.scroll_x + delta * 8), animate=False)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = round(self.scroll_y) + offset.y - 1
        if not 0 <= row < len(self.rows):
            return
        if self.cell_cursor:
            x = offset.x + round(self.scroll_x)
            edge = 0
            for i, w in enumerate(self.widths):
                edge += w + 2
                if x < edge:
                    self.cursor_column = i
                    break
        if row == self.cursor_row and event.chain >= 2:
            self.action_select()
        self.cursor_row = row

    def _on_focus(self, event: events.Focus) -> None:
        self._cache.clear()

    def _on_blur(self, event: events.Blur) -> None:
        self._cache.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- rendering
    def _fit(self, cell: Cell, width: int, right: bool) -> list[Segment] | str:
        if isinstance(cell, Text):
            text = cell.copy()
            text.plain = _one_line(text.plain) if ("\n" in text.plain or "\t" in text.plain) else text.plain
            text.truncate(width, overflow="ellipsis")
            text.align("right" if right else "left", width)
            return list(text.render(self.app.console))
        s = _one_line(cell)
        n = len(s) if s.isascii() else cell_len(s)
        if n > width:
            return set_cell_size(s, width - 1) + "…" if width > 1 else "…"
        pad = " " * (width - n)
        return pad + s if right else s + pad

    def _row_segments(self, index: int, base: Style) -> list[Segment]:
        out: list[Segment] = []
        row = self.rows[index]
        is_cursor = index == self.cursor_row
        cell_style = self.get_component_rich_style("grid--cursor-cell") if is_cursor and self.cell_cursor else None
        fmt = self.formatter
        for i, width in enumerate(self.widths):
            value = row[i] if i < len(row) else None
            fitted = self._fit(fmt(value), width, self.right[i] if i < len(self.right) else False)
            style = base + cell_style if cell_style is not None and i == self.cursor_column else base
            out.append(Segment(" ", base))
            if isinstance(fitted, str):
                out.append(Segment(fitted, style))
            else:
                out.extend(Segment.apply_style(fitted, style))
            out.append(Segment(" ", base))
        return out

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        base = self.rich_style
        if y == 0 and not self.columns:
            if not self.empty_text:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("grid--empty")
            return Strip([Segment(f" {self.empty_text}", style)]).crop_extend(0, width, base)
        if y == 0:
            key: tuple = ("header",)
            segments = self._cache.get(key)
            if segments is None:
                style = base + self.get_component_rich_style("grid--header")
                segments = []
                for i, (name, w) in enumerate(zip(self.columns, self.widths, strict=False)):
                    fitted = self._fit(name, w, self.right[i] if i < len(self.right) else False)
                    segments.append(Segment(f" {fitted} ", style))
                self._cache[key] = segments
            style = base + self.get_component_rich_style("grid--header")
            return Strip(segments).crop_extend(scroll_x, scroll_x + width, style)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if index == 0 and self.empty_text and self.columns:
                style = base + self.get_component_rich_style("grid--empty")
                return Strip([Segment(f" {self.empty_text}", style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        is_cursor = index == self.cursor_row
        key = ("row", index) if not is_cursor else ("cursor", index, self.cursor_column)
        segments = self._cache.get(key)
        if is_cursor:
            style = base + self.get_component_rich_style("grid--cursor")
        elif self.zebra and index % 2:
            style = base + self.get_component_rich_style("grid--even-row")
        else:
            style = base
        if segments is None:
            segments = self._row_segments(index, style)
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = segments
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style)

    def refresh_row(self, index: int) -> None:
        self._cache.pop(("row", index), None)
        y = index - round(self.scroll_y) + 1
        self.refresh(Region(0, y, self.size.width, 1))
