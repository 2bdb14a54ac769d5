"""The SOQL/SOSL editor: a TextArea with SOQL highlighting and schema-aware completion.

Highlighting needs no tree-sitter: `_build_highlight_map` is fed by crmtui.app.soql_assist's tokenizer. Completion
pops up as you type an identifier, a `.` or after FROM/RETURNING/a comparison (ctrl+space forces it); up/down
choose, tab or enter accept, escape closes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option

from crmtui.app.keys import bindings
from crmtui.app.soql_assist import Completion, Completions, complete, highlight_line

_KIND_STYLES = {"object": "bold", "child": "bold", "field": "", "relationship": "italic", "function": "cyan",
                "keyword": "magenta", "value": "green"}


class CompletionPopup(OptionList, can_focus=False):
    """The completion list, drawn over the screen next to the editor's cursor."""

    DEFAULT_CSS = """
    CompletionPopup {
        layer: overlay;
        position: absolute;
        display: none;
        width: auto;
        min-width: 24;
        max-width: 64;
        height: auto;
        max-height: 10;
        border: round $accent;
        background: $panel;
        padding: 0;
        scrollbar-size-vertical: 1;
        & > .option-list--option { padding: 0 1; }
    }
    """

    def __init__(self) -> None:
        super().__init__(id="completion")
        self.completions: Completions | None = None

    def show(self, completions: Completions, x: int, y: int, screen_height: int) -> None:
        self.completions = completions
        self.clear_options()
        self.add_options([Option(self._prompt(c)) for c in completions.items])
        self.highlighted = 0
        height = min(10, len(completions.items) + 2)
        top = y + 1 if y + 1 + height <= screen_height else max(0, y - height)
        self.styles.offset = (max(0, x), top)
        self.display = True

    @staticmethod
    def _prompt(c: Completion) -> Text:
        text = Text(c.label, style=_KIND_STYLES.get(c.kind, ""))
        if c.detail:
            text.append(f"  {c.detail}", style="dim")
        return text

    def hide(self) -> None:
        self.display = False
        self.completions = None

    @property
    def current(self) -> Completion | None:
        if self.completions is None or self.highlighted is None:
            return None
        items = self.completions.items
        return items[self.highlighted] if 0 <= self.highlighted < len(items) else None


class SoqlEditor(TextArea):
    """A SOQL/SOSL editor; `schema` (an OrgSchema) enables completion."""

    BINDINGS: ClassVar = bindings("editor")

    class HistoryStep(Message):
        """Ask the screen for the previous (-1) or next (+1) query of the history."""

        def __init__(self, editor: SoqlEditor, delta: int) -> None:
            super().__init__()
            self.editor = editor
            self.delta = delta

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id=id,
                         highlight_cursor_line=False)
        self.schema = None
        self._typed = False

    # -- highlighting (no tree-sitter needed)
    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        for row, line in enumerate(self.document.lines):
            if not line.strip():
                continue
            ascii_line = line.isascii()
            for start, end, name in highlight_line(line):
                if ascii_line:
                    highlights[row].append((start, end, name))
                else:
                    highlights[row].append((len(line[:start].encode()), len(line[:end].encode()), name))

    def on_mount(self) -> None:
        self._build_highlight_map()
        self.watch(self.app, "theme", self._theme_changed, init=True)

    def _theme_changed(self) -> None:
        self.theme = "css" if self.app.current_theme.dark else "github_light"
        self._build_highlight_map()

    # -- completion
    @property
    def popup(self) -> CompletionPopup | None:
        try:
            return self.screen.query_one(CompletionPopup)
        except Exception:
            return None

    def completions(self) -> Completions | None:
        if self.schema is None:
            return None
        offset = self.document.get_index_from_location(self.cursor_location)
        return complete(self.schema, self.text, offset)

    def update_completion(self, force: bool = False) -> None:
        popup = self.popup
        if popup is None:
            return
        result = self.completions()
        if result is None or not result.items:
            popup.hide()
            return
        offset = self.document.get_index_from_location(self.cursor_location)
        last = self.text[offset - 1:offset] if offset else ""
        eager = result.context.startswith(("objects", "child", "values"))
        if not (force or result.prefix or last == "." or (eager and last in (" ", "(", ","))):
            popup.hide()
            return
        cursor = self.cursor_screen_offset
        popup.show(result, cursor.x - len(result.prefix), cursor.y, self.screen.size.height)

    def accept_completion(self) -> bool:
        popup = self.popup
        if popup is None or popup.completions is None:
            return False
        choice = popup.current
        completions = popup.completions
        popup.hide()
        if choice is None:
            return False
        end = self.cursor_location
        start = self.document.get_location_from_index(completions.start)
        self.replace(choice.insert, start, end)
        if choice.insert.endswith("."):
            self.call_after_refresh(self.update_completion)
        return True

    async def _on_key(self, event: events.Key) -> None:
        popup = self.popup
        if popup is not None and popup.display:
            key = event.key
            if key in ("up", "down"):
                event.stop()
                event.prevent_default()
                if key == "up":
                    popup.action_cursor_up()
                else:
                    popup.action_cursor_down()
                return
            if key in ("tab", "enter"):
                event.stop()
                event.prevent_default()
                self.accept_completion()
                return
            if key == "escape":
                event.stop()
                event.prevent_default()
                popup.hide()
                return
        # TextArea._on_key (called next, through the MRO) inserts the character
        self._typed = event.is_printable

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        typed, self._typed = self._typed, False
        popup = self.popup
        if typed or (popup is not None and popup.display):
            self.update_completion()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        popup = self.popup
        if popup is not None and popup.display and not self._typed:
            # moved by keys other than typing: keep the list only if the word under the cursor still matches
            self.call_after_refresh(self._recheck)

    def _recheck(self) -> None:
        popup = self.popup
        if popup is None or popup.completions is None:
            return
        offset = self.document.get_index_from_location(self.cursor_location)
        if offset < popup.completions.start:
            popup.hide()

    def _on_blur(self, event: events.Blur) -> None:
        popup = self.popup
        if popup is not None:
            popup.hide()

    def action_complete(self) -> None:
        self.update_completion(force=True)

    def action_history(self, delta: int) -> None:
        self.post_message(self.HistoryStep(self, delta))
