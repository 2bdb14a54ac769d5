"""A scrollable pane showing one rich renderable, rendered to lines once per update (Line API).

A Static with `height: auto` inside a VerticalScroll makes every update re-measure and re-lay out the whole
screen (about 35 ms per task on the Tasks screen); this pane has a fixed size, so an update only re-renders
its own lines.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crmtui.app.widgets._virtual import set_virtual_size


class RichPane(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    RichPane { height: 1fr; background: $surface; scrollbar-size-vertical: 1; }
    RichPane:focus { background-tint: $foreground 4%; }
    """

    def __init__(self, content: RenderableType = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.content: RenderableType = content
        self._lines: list[Strip] = []
        self._width = -1

    def update(self, content: RenderableType, *, keep_scroll: bool = False) -> None:
        self.content = content
        self._render_lines()
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _render_lines(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self._width = width
        if width <= 0:
            self._lines = []
            return
        console = self.app.console
        options = console.options.update_width(width)
        content = Text(self.content) if isinstance(self.content, str) else self.content
        lines = console.render_lines(content, options, pad=False)
        self._lines = [Strip(line) for line in lines]
        set_virtual_size(self, Size(width, len(self._lines)))

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._render_lines()
            self.refresh()

    def on_mount(self) -> None:
        self.call_after_refresh(self._render_lines)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.rich_style
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        strip = self._lines[index]
        return Strip(Segment.apply_style(strip, base)).crop_extend(0, width, base)

    @property
    def plain(self) -> str:
        """The pane's text (for tests)."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)
