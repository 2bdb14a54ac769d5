"""The conversation pane: user and agent turns, tool calls in one line each, a pending proposal at the end.

A query step shows its first `PREVIEW` rows (the inspector shows them all). Only the last `WINDOW` steps are
drawn (a line says how many come before), and each step's block is rendered once per width, so stepping through
a 1,000-step replay renders one block per key.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip

from crmtui.app.render import soql_text
from crmtui.app.widgets._virtual import set_virtual_size
from crmtui.app.widgets.pane import RichPane
from crmtui.app.widgets.trace import ACTOR_STYLES
from crmtui.episode.actions import Action
from crmtui.episode.live import rows_of
from crmtui.store.model import Step

WINDOW = 40
PREVIEW = 3  # rows of a query result shown under it


def _row_text(row: Any) -> Text:
    """A result row on one line: `Name: Acme · Account.Industry: Tech` (cut with … at the pane's edge)."""
    if isinstance(row, dict):
        from crmtui.app.session import flatten_records

        columns, values = flatten_records([row])
        text = " · ".join(f"{c}: {v}" for c, v in zip(columns, values[0], strict=True))
    else:
        text = str(row)
    return Text("    " + text, style="dim", no_wrap=True, overflow="ellipsis")
_NAMES = {"agent": "Agent", "human": "Human (agent)", "user": "User", "system": "System"}


@lru_cache(maxsize=512)
def _soql(query: str, dark: bool) -> Text:
    return soql_text(query, dark=dark)


def _who(step: Step, user_is_person: bool) -> Text:
    name = _NAMES.get(step.actor, step.actor)
    if step.actor == "user" and user_is_person:
        name = "Human (user)"
    return Text(f"{name} ", style=ACTOR_STYLES.get(step.actor, ""))


def _result(step: Step) -> RenderableType:
    if step.error:
        first = step.error.strip().splitlines()[-1] if step.error.strip() else step.error
        return Text(f"  ✗ {first[:300]}", style="bold red")
    rows = rows_of(step)
    if rows is not None:
        lines: list[RenderableType] = [Text(f"  → {rows:,} row{'s' * (rows != 1)}", style="green")]
        lines += [_row_text(row) for row in (step.observation or [])[:PREVIEW]]
        if rows > PREVIEW:
            lines.append(Text(f"    … (the inspector shows all {rows:,})", style="dim italic"))
        return Group(*lines)
    obs = step.observation
    if obs is None:
        return Text("")
    text = obs if isinstance(obs, str) else json.dumps(obs, ensure_ascii=False, default=str)
    return Text(f"  → {text[:200]}{'…' if len(text) > 200 else ''}", style="green")


def step_block(step: Step, *, dark: bool = True, user_is_person: bool = False) -> RenderableType | None:
    """One step as the conversation shows it (None: not shown)."""
    who = _who(step, user_is_person)
    index = Text(f"{step.index if step.index is not None else '':>3} ", style="dim")
    if step.actor == "system" and step.kind == "message":
        size = len(step.content or "")
        return Text.assemble(index, ("System prompt", "dim bold"), (f" ({size:,} characters; the task card and the "
                                                                     "schema browser show what it says)", "dim"))
    if step.kind == "query":
        query = (step.arguments or {}).get("query", "") if isinstance(step.arguments, dict) else ""
        head = Text.assemble(index, who, (f"{step.tool or 'query'}", "dim"))
        return Group(head, Padding(_soql(str(query), dark).copy(), (0, 0, 0, 4)), _result(step))
    if step.kind == "tool_call":
        args = step.arguments if isinstance(step.arguments, str) else json.dumps(step.arguments, ensure_ascii=False)
        return Group(Text.assemble(index, who, (f"{step.tool}", "bold"), (f"({args})", "")), _result(step))
    if step.kind == "respond":
        return Group(Text.assemble(index, who, ("replies", "dim")), Padding(Text(step.answer or ""), (0, 0, 0, 4)))
    if step.kind in ("takeover", "handback"):
        meta = step.meta or {}
        what = (f"a person took over the agent's seat from {meta.get('from') or 'the agent'}"
                if step.kind == "takeover" else f"the agent's seat went back to {meta.get('to') or 'the agent'}")
        return Text.assemble(index, (f"── {what} ──", "italic #10b981"))
    if step.kind == "error":
        style = "#d97706" if (step.meta or {}).get("rejected") else "red"
        return Group(Text.assemble(index, who, ("error", style)),
                     Padding(Text(step.content or step.error or "", style=style), (0, 0, 0, 4)))
    if step.kind == "message":
        style = "dim" if (step.meta or {}).get("stop") else ""
        return Group(Text.assemble(index, who), Padding(Text(step.content or "", style=style), (0, 0, 0, 4)))
    return Text.assemble(index, who, (step.kind, "dim"), " ", step.content or "")


def pending_block(action: Action, side: str, agent_name: str, *, dark: bool = True) -> RenderableType:
    """A proposed action, not run yet."""
    head = Text.assemble(("    ", ""), (f"{agent_name} proposes ", "bold #a855f7"),
                         ("(not run yet: a approves, e edits, x rejects)", "dim italic"))
    if action.kind == "query":
        body: RenderableType = soql_text(action.query or "", dark=dark)
    elif action.kind == "tool_call":
        body = Text(f"{action.tool}({json.dumps(action.arguments, ensure_ascii=False)})")
    elif action.kind in ("respond", "say", "stop"):
        body = Text(f"{action.kind}: {action.content or ''}")
    elif action.kind == "error":
        body = Text(f"error: {action.error}", style="red")
    else:
        body = Text(f"{action.kind}: {action.text or ''}")
    return Group(head, Padding(body, (0, 0, 0, 4)))


Block = tuple[Any, RenderableType]  # (cache key, renderable): a block with the same key renders the same


def conversation(steps: list[Step], *, dark: bool = True, user_is_person: bool = False,
                 pending: RenderableType | None = None) -> list[Block]:
    """The blocks of the last `WINDOW` steps (keyed by step hash, so unchanged steps are not rendered again)."""
    blocks: list[Block] = []
    start = max(0, len(steps) - WINDOW)
    if start:
        blocks.append((("earlier", start), Text(f"… {start:,} earlier steps (the step trace lists them all)",
                                                style="dim italic")))
    for n in range(start, len(steps)):
        step = steps[n]
        block = step_block(step, dark=dark, user_is_person=user_is_person)
        if block is not None:
            blocks.append(((n, step.hash, dark, user_is_person), block))
    if pending is not None:
        blocks.append((None, pending))
    return blocks


class Conversation(RichPane):
    """The conversation as blocks, each rendered once per width (a replay step re-renders one block, not 40);
    scrolled to its end on every update."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.blocks: list[Block] = []
        self._block_lines: dict[Any, list[Strip]] = {}
        self._cache_width = -1

    def show(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._render_lines()
        self.scroll_end(animate=False, immediate=True)
        self.refresh()
        self.call_after_refresh(self.scroll_end, animate=False)  # again once a layout change has sized the pane

    def _render_lines(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self._width = width
        if width <= 0:
            self._lines = []
            return
        if width != self._cache_width:
            self._block_lines.clear()
            self._cache_width = width
        console = self.app.console
        options = console.options.update_width(width)
        lines: list[Strip] = []
        keep: dict[Any, list[Strip]] = {}
        for key, block in self.blocks:
            strips = self._block_lines.get(key) if key is not None else None
            if strips is None:
                strips = [Strip(line) for line in console.render_lines(block, options, pad=False)]
            if key is not None:
                keep[key] = strips
            lines += strips
        self._block_lines = keep
        self._lines = lines
        set_virtual_size(self, Size(width, len(lines)))
