"""Changing a scroll view's virtual size without a screen-wide layout pass."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Set `widget.virtual_size` and update its scrollbars, but only repaint the widget.

    Assigning `virtual_size` asks for a layout of the whole screen (the reactive is declared with
    `layout=True`), which costs tens of milliseconds on a full screen; a scroll view's own size does not depend
    on its virtual size, so the scrollbars are all that needs updating. Falls back to the assignment if Textual's
    internals change.
    """
    if size == widget.virtual_size:
        return
    update = getattr(widget, "_scroll_update", None)
    if update is None or not widget.is_mounted:
        widget.virtual_size = size
        return
    widget.set_reactive(Widget.virtual_size, size)
    update(size)
    widget.refresh()
