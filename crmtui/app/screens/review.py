"""The Review screen: queues of work for people (unannotated failures, judge/human disagreement, disputed gold),
an episode opened read-only with the annotation panel, and two episodes of one task side by side.

Open it with `open_review(app)` (the command palette's "Review queues"). The queues are store queries
(crmtui.store.queues) run in a worker; they are computed again when the screen comes back into view, so an
episode labelled from a queue leaves it.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from crmtui.app.keys import bindings
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.pane import RichPane
from crmtui.errors import CrmtuiError
from crmtui.store.queues import QUEUES, QueueItem, load_queues, task_episodes, who_played

QUEUE_COLUMNS = ("who", "reward", "why", "task", "when")
STEP_COLUMNS = ("#", "actor", "kind", "content", "rows")
#: the Review scope's bindings that belong to the side-by-side view only
COMPARE_IDS = ("review.other-left", "review.other-right")

REVIEW_CSS = """
#queue-tabs { height: 1; background: $panel; padding: 0 1; }
#review-body { height: 1fr; layout: vertical; }
ReviewScreen.-wide #review-body { layout: horizontal; }
#review-grid { height: 1fr; }
ReviewScreen.-wide #review-grid { width: 3fr; }
#review-detail { height: 8; padding: 0 1; border-top: hkey $panel; }
ReviewScreen.-wide #review-detail { height: 1fr; width: 2fr; min-width: 40; border-top: none;
                                    border-left: vkey $panel; }
#compare-body { height: 1fr; }
.compare-side { width: 1fr; height: 1fr; }
#compare-side-1 { border-left: vkey $panel; }
.compare-head { height: 3; padding: 0 1; background: $panel; }
.compare-grid { height: 1fr; }
"""


def open_review(app: App) -> None:
    """Open the Review screen (for the command palette)."""
    app.push_screen(ReviewScreen())


def _short_time(iso: str | None) -> str:
    return "" if not iso else iso[:16].replace("T", " ")


def _reward(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _one_line(text: str, width: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def step_content(step: Any) -> str:
    """What a step says, on one line: the query, the answer, the tool call, the message or the error."""
    if step.kind == "query" and isinstance(step.arguments, dict):
        text = str(step.arguments.get("query") or "")
    elif step.kind == "respond":
        text = step.answer or ""
    elif step.kind == "tool_call":
        args = step.arguments if isinstance(step.arguments, str) else json.dumps(step.arguments, ensure_ascii=False)
        text = f"{step.tool}({args})"
    else:
        text = step.content or ""
    if step.error:
        text = f"{text} ✗ {step.error}" if text else f"✗ {step.error}"
    return _one_line(text)


def step_row(step: Any) -> tuple:
    rows = len(step.observation) if isinstance(step.observation, list) else ""
    return (step.index, step.actor, step.kind, step_content(step), "err" if step.error else rows)


class QueuesLoaded(Message):
    def __init__(self, queues: dict[str, list[QueueItem]]) -> None:
        super().__init__()
        self.queues = queues


class ReviewFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class EpisodesLoaded(Message):
    def __init__(self, episodes: list[Any]) -> None:
        super().__init__()
        self.episodes = episodes


class ReviewScreen(Screen):
    """The review queues, one at a time, with counts; enter opens, c compares two episodes of the task."""

    HELP_SCOPES: ClassVar = ("review", "grid", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = [b for b in bindings("review") if b.id not in COMPARE_IDS]
    CSS = REVIEW_CSS
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (120, "-wide")]
    AUTO_FOCUS = "#review-grid"

    def __init__(self, queue: str = "failures") -> None:
        super().__init__(id="review")
        self.queue = queue
        self.queues: dict[str, list[QueueItem]] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="queue-tabs")
        with Vertical(id="review-body"):
            yield Grid(id="review-grid", empty_text="Nothing waiting in this queue")
            yield RichPane(Text("Loading the queues…", style="dim"), id="review-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self._show_tabs()
        self.query_one(Grid).loading = True
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    # -- loading
    @work(thread=True, exclusive=True, group="review-load", exit_on_error=False)
    def load(self) -> None:
        try:
            queues = load_queues(self.app.store)
        except CrmtuiError as exc:
            self.post_message(ReviewFailed(str(exc)))
            return
        self.post_message(QueuesLoaded(queues))

    def on_queues_loaded(self, message: QueuesLoaded) -> None:
        self.queues = message.queues
        self.loaded = True
        self.query_one(Grid).loading = False
        self._show_queue()

    def on_review_failed(self, message: ReviewFailed) -> None:
        self.query_one(Grid).loading = False
        self.query_one("#review-detail", RichPane).update(Text(message.error, style="bold red"))
        self.notify(message.error, title="Review", severity="error", timeout=8)

    # -- display
    def _show_tabs(self) -> None:
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for n, (name, (title, _query)) in enumerate(QUEUES.items()):
            count = len(self.queues.get(name, [])) if self.loaded else "…"
            label = f" {title} ({count}) "
            tabs.append("  " if n else "")
            tabs.append(label, style="bold reverse" if name == self.queue else "dim")
        self.query_one("#queue-tabs", Static).update(tabs)

    @property
    def items(self) -> list[QueueItem]:
        return self.queues.get(self.queue, [])

    def _show_queue(self, cursor: int = 0) -> None:
        self._show_tabs()
        grid = self.query_one(Grid)
        rows = [(i.who, _reward(i.reward), _one_line(i.detail, 40), i.task_id or "", _short_time(i.when))
                for i in self.items]
        grid.set_data(QUEUE_COLUMNS, rows, cursor=cursor)
        if not rows:
            self.query_one("#review-detail", RichPane).update(Text(self._empty_text(), style="dim"))

    def _empty_text(self) -> str:
        return {
            "failures": "No unannotated failure: every finished episode that failed has a label.",
            "disagreements": "No disagreement between people's verdicts (+ / - on an episode) and the judges.",
            "gold": "No disputed gold: no task has reviews that disagree.",
        }[self.queue]

    @property
    def selected(self) -> QueueItem | None:
        grid = self.query_one(Grid)
        return self.items[grid.cursor_row] if 0 <= grid.cursor_row < len(self.items) else None

    @on(Grid.RowHighlighted, "#review-grid")
    def _highlighted(self, event: Grid.RowHighlighted) -> None:
        item = self.selected
        if item is None:
            return
        text = Text()
        text.append(f"{item.task_id or '(no task)'}\n", style="bold")
        if item.episode_id:
            text.append(f"episode {item.episode_id} · {item.who}")
            if item.reward is not None:
                text.append(f" · reward {_reward(item.reward)}")
            text.append("\n")
        else:
            text.append(f"reviewers: {item.who}\n")
        text.append(item.detail + "\n")
        opens = "the adjudication of its gold" if item.queue == "gold" else "the episode"
        text.append(f"enter opens {opens} · c compares two episodes of the task", style="dim")
        self.query_one("#review-detail", RichPane).update(text)

    # -- actions
    def action_queue(self, delta: int) -> None:
        names = list(QUEUES)
        self.queue = names[(names.index(self.queue) + delta) % len(names)]
        if self.loaded:
            self._show_queue()
        else:
            self._show_tabs()

    @on(Grid.RowSelected, "#review-grid")
    def _selected(self, event: Grid.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.selected
        if item is None:
            return
        if item.queue == "gold":
            from crmtui.app.screens.gold import AdjudicationScreen

            self.app.push_screen(AdjudicationScreen(task_id=item.task_id))
            return
        if item.episode_id is None:
            return
        from crmtui.episode.live import EpisodeRequest

        self.app.open_episode(EpisodeRequest("replay", episode_id=item.episode_id))

    def action_compare(self) -> None:
        item = self.selected
        if item is None or item.task_id is None:
            return
        self.app.push_screen(CompareScreen(item.task_id, item.episode_id))

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


def episode_summary(ep: Any, with_task: bool = True) -> Text:
    """Two lines: the task, who played, the reward and the step count; then the final answer."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if with_task:
        text.append(f"{ep.task_id or ep.task_name or '(no task)'}  ", style="bold")
    text.append(f"{who_played(ep)}  ", style="bold")
    if ep.reward is not None:
        text.append(f"reward {_reward(ep.reward)}", style="bold green" if ep.reward >= 1 else "bold red")
    else:
        text.append(ep.status, style="dim")
    text.append(f"  {ep.step_count} steps", style="dim")
    text.append("\nanswer: ", style="dim")
    text.append(_one_line(ep.final_answer or "—", 70))
    return text


class CompareScreen(Screen):
    """Two finished episodes of one task side by side, with one cursor: the same step index on both sides.
    `,` and `.` put another episode of the task on the left or the right."""

    HELP_SCOPES: ClassVar = ("review", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = [b for b in bindings("review") if b.id in (*COMPARE_IDS, "review.back")]
    CSS = REVIEW_CSS

    def __init__(self, task_id: str, episode_id: str | None = None) -> None:
        super().__init__()
        self.task_id = task_id
        self.first = episode_id
        self.episodes: list[Any] = []
        self.shown: list[int] = [0, 0]  # index into episodes of each side
        self.steps: list[list[Any]] = [[], []]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="compare-body"):
            for side in (0, 1):
                with Vertical(id=f"compare-side-{side}", classes="compare-side"):
                    yield Static(Text("Loading…", style="dim"), id=f"compare-head-{side}", classes="compare-head")
                    yield Grid(id=f"compare-grid-{side}", classes="compare-grid", empty_text="—")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Compare · {self.task_id}"
        self.load()

    @work(thread=True, exclusive=True, group="compare-load", exit_on_error=False)
    def load(self) -> None:
        try:
            episodes = task_episodes(self.app.store, self.task_id)
            for ep in episodes:
                ep.steps = self.app.store.steps(ep.id)
        except CrmtuiError as exc:
            self.post_message(ReviewFailed(str(exc)))
            return
        self.post_message(EpisodesLoaded(episodes))

    def on_review_failed(self, message: ReviewFailed) -> None:
        self.notify(message.error, title="Compare", severity="error", timeout=8)

    def on_episodes_loaded(self, message: EpisodesLoaded) -> None:
        self.episodes = message.episodes
        if len(self.episodes) < 2:
            self.notify(f"{self.task_id} has {len(self.episodes)} finished episode(s): nothing to compare yet",
                        severity="warning", timeout=5)
        if not self.episodes:
            return
        ids = [e.id for e in self.episodes]
        left = ids.index(self.first) if self.first in ids else 0
        # on the right, preferably an episode with the other outcome (a success beside a failure)
        passed = (self.episodes[left].reward or 0) >= 1
        others = [i for i in range(len(ids)) if i != left]
        contrast = [i for i in others if ((self.episodes[i].reward or 0) >= 1) != passed]
        right = (contrast or others or [left])[0]
        self.shown = [left, right]
        for side in (0, 1):
            self._show(side)
        self.query_one("#compare-grid-0", Grid).focus()

    def _show(self, side: int) -> None:
        ep = self.episodes[self.shown[side]]
        self.steps[side] = ep.steps or []
        head = episode_summary(ep, with_task=False)
        head.append(f"\n{self.shown[side] + 1} of {len(self.episodes)} · {ep.id}", style="dim")
        self.query_one(f"#compare-head-{side}", Static).update(head)
        other = self.query_one(f"#compare-grid-{1 - side}", Grid)
        grid = self.query_one(f"#compare-grid-{side}", Grid)
        grid.set_data(STEP_COLUMNS, [step_row(s) for s in self.steps[side]],
                      cursor=min(other.cursor_row, max(0, len(self.steps[side]) - 1)))

    @on(Grid.RowHighlighted)
    def _sync(self, event: Grid.RowHighlighted) -> None:
        """One cursor for both sides: the focused side leads (a shorter side stops at its last step)."""
        if not event.grid.has_focus:
            return
        side = 0 if event.grid.id == "compare-grid-0" else 1
        other = self.query_one(f"#compare-grid-{1 - side}", Grid)
        if other.row_count and other.cursor_row != event.row:
            other.move_cursor(min(event.row, other.row_count - 1))

    def action_other(self, side: int) -> None:
        n = len(self.episodes)
        if n < 3:
            self.notify(f"This task has no other finished episode (it has {n})", timeout=3)
            return
        nxt = (self.shown[side] + 1) % n
        if nxt == self.shown[1 - side]:
            nxt = (nxt + 1) % n
        self.shown[side] = nxt
        self._show(side)

    def action_back(self) -> None:
        self.app.pop_screen()
