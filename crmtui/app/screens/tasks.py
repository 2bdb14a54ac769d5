"""The Tasks screen: every task instance in a filterable table, and the selected task in detail."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from crmtui.app.keys import bindings, display_keys
from crmtui.app.messages import InstancesFailed, InstancesLoaded
from crmtui.app.render import gold_cell, percent, task_detail
from crmtui.app.taskfilter import QUICK, Prepared, cycle_term, parse_task_query, turn_mode
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.pane import RichPane

if TYPE_CHECKING:
    from crmtui.store.aggregates import TaskStats
    from crmtui.tasks.model import TaskInstance

COLUMNS = ("org", "task", "#", "gold", "domain", "skill", "metric", "answer kind", "answerable", "turn", "human",
           "agent", "agent ✓%", "suite")
_ORG_KINDS = ("original", "b2b", "b2c")
DETAIL_INTERVAL = 0.1  # seconds between detail renders while the cursor moves


def task_row(i: TaskInstance, stats: TaskStats | None = None, loaded: bool = False) -> tuple:
    """A task's cells; the aggregates (gold status, runs) show `…` until `loaded`, then `stats` (None: no runs,
    no reviews)."""
    number = i.id.rsplit("/", 1)[-1]
    if not loaded:
        gold, human, agent, rate = None, None, None, None
    elif stats is None:
        gold, human, agent, rate = "generated", 0, 0, None
    else:
        gold, human, agent, rate = (stats.gold_status, stats.human_runs, stats.agent_runs,
                                    percent(stats.agent_success_rate))
    return (i.org, i.task, number, gold_cell(gold), i.domain, i.skill, i.reward_metric, i.answer_kind,
            "yes" if i.answerable else "no", "both" if turn_mode(i) == "multi" else "single", human, agent, rate,
            i.suite)


class StatsLoaded(Message):
    """The per-task aggregates from the transcript DB (crmtui.store.aggregates.task_stats), with the table's rows
    and filter values rebuilt from them (in the worker, off the UI thread)."""

    def __init__(self, stats: dict[str, TaskStats], rows: list[tuple], prepared: list[Prepared]) -> None:
        super().__init__()
        self.stats = stats
        self.rows = rows
        self.prepared = prepared


class StatsFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class TasksScreen(Screen):
    """Browse and filter the task catalog; open a task's org in the query workbench."""

    HELP_SCOPES: ClassVar = ("tasks", "tasks-play", "tasks-gold", "grid", "app")  # listed first by the help

    # the footer lists them in this order: at 80 columns, the filter (first of its scope) and playing a task come
    # before blind mode, the workbench and gold validation
    BINDINGS: ClassVar = [*bindings("tasks")[:1], *bindings("tasks-play"), *bindings("tasks")[1:],
                          *bindings("tasks-gold")]
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (120, "-wide")]
    AUTO_FOCUS = "#tasks-grid"

    blind: reactive[bool] = reactive(False, init=False)

    def __init__(self, loader: Callable[[], list[TaskInstance]], *, blind: bool = False) -> None:
        super().__init__(id="tasks")
        self.loader = loader
        self.set_reactive(TasksScreen.blind, blind)
        self.instances: list[TaskInstance] = []
        self.rows: list[tuple] = []
        self.prepared: list[Prepared] = []
        self.shown: list[int] = []  # indexes into instances of the rows in the grid
        self.widths: list[int] | None = None
        self.current: TaskInstance | None = None
        self.ready = False
        self.filter_error = ""
        self._shown_detail: tuple[str, bool] | None = None
        self._detail_at = 0.0
        self._detail_timer = None
        self.stats: dict[str, TaskStats] | None = None  # None until the aggregates are loaded
        self.stats_state = "loading"  # loading | loaded | unavailable

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield Label("Filter", id="filter-label")
            yield Input(placeholder="/ to filter: org=b2b,task=handle_*,answerable=no, or words",
                        id="filter")
            yield Static("", id="count")
        with Container(id="tasks-body"):
            yield Grid(id="tasks-grid", empty_text="No task matches the filter (x clears it)")
            yield RichPane(Text("Loading tasks…", style="dim"), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Tasks · blind mode" if self.blind else "Tasks"
        self.query_one(Grid).loading = True
        self.load()

    # -- loading (worker thread -> message)
    @work(thread=True, exclusive=True, group="tasks-load", exit_on_error=False)
    def load(self) -> None:
        start = time.perf_counter()
        try:
            instances = self.loader()
            rows = [task_row(i) for i in instances]
            prepared = [Prepared.of(i) for i in instances]
        except Exception as exc:  # a broken instance file must not crash the app
            self.post_message(InstancesFailed(str(exc)))
            return
        self.post_message(InstancesLoaded(instances, rows, prepared, time.perf_counter() - start))

    def on_instances_loaded(self, message: InstancesLoaded) -> None:
        self.instances, self.rows, self.prepared = message.instances, message.rows, message.prepared
        grid = self.query_one(Grid)
        grid.loading = False
        grid.set_data(COLUMNS, [], widths=None)
        self.widths = grid._measure(self.rows)
        self.ready = True
        self.apply_filter(self.query_one("#filter", Input).value)
        self.load_stats()

    # -- aggregates (runs, gold status): loaded after the table shows, reloaded when the screen comes back
    @work(thread=True, exclusive=True, group="tasks-stats", exit_on_error=False)
    def load_stats(self) -> None:
        from crmtui.store.aggregates import task_stats
        from crmtui.store.errors import StoreError

        try:
            store = self.app.existing_store()  # type: ignore[attr-defined]
            stats = {} if store is None else task_stats(store)
        except (StoreError, OSError, sqlite3.Error) as exc:
            self.post_message(StatsFailed(str(exc)))
            return
        instances = self.instances
        rows = [task_row(i, stats.get(i.id), loaded=True) for i in instances]
        prepared = []
        for p, i in zip(self.prepared, instances, strict=True):
            s = stats.get(i.id)
            prepared.append(p.with_stats(s.gold_status, s.human_runs, s.agent_runs) if s is not None
                            else p.with_stats("generated", 0, 0))
        self.post_message(StatsLoaded(stats, rows, prepared))

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        self.stats, self.stats_state = message.stats, "loaded"
        self.rows, self.prepared = message.rows, message.prepared
        self.widths = self.query_one(Grid)._measure(self.rows)
        self._shown_detail = None
        self.apply_filter(self.query_one("#filter", Input).value)
        self.show_detail(cursor_moved=False)

    def on_stats_failed(self, message: StatsFailed) -> None:
        self.stats_state = "unavailable"
        self._shown_detail = None
        self.show_detail(cursor_moved=False)
        self.notify(f"Runs and gold statuses are not shown: {message.error}", title="Transcript DB",
                    severity="warning", timeout=8)

    def on_screen_resume(self) -> None:
        if self.ready:  # back from an episode or a gold review: runs and reviews may have changed
            self.load_stats()

    def on_instances_failed(self, message: InstancesFailed) -> None:
        self.query_one(Grid).loading = False
        self.query_one("#detail", RichPane).update(Text(f"Cannot load the task catalog:\n{message.error}",
                                                           style="bold red"))
        self.notify(message.error, title="Task catalog", severity="error", timeout=10)

    # -- filtering
    def apply_filter(self, text: str) -> None:
        if not self.ready:
            return
        filter_input = self.query_one("#filter", Input)
        count = self.query_one("#count", Static)
        try:
            query = parse_task_query(text)
        except ValueError as exc:
            self.filter_error = str(exc)
            filter_input.add_class("-invalid")
            count.update(Text(f"✗ {self.filter_error}", style="bold red", no_wrap=True, overflow="ellipsis"))
            return
        self.filter_error = ""
        filter_input.remove_class("-invalid")
        keep = self.current.id if self.current is not None else None
        match = query.matches_prepared
        self.shown = [n for n, p in enumerate(self.prepared) if match(p)] if query else list(range(len(self.instances)))
        cursor = 0
        if keep is not None:
            for pos, n in enumerate(self.shown):
                if self.instances[n].id == keep:
                    cursor = pos
                    break
        grid = self.query_one(Grid)
        grid.set_data(COLUMNS, [self.rows[n] for n in self.shown], widths=self.widths, cursor=cursor)
        total = len(self.instances)
        shown = f"{len(self.shown):,} / {total:,}" if query else f"{total:,} tasks"
        if query.needs_stats and self.stats is None:
            shown += " · runs loading…" if self.stats_state == "loading" else " · no transcript DB"
        count.update(Text(shown, style="bold", no_wrap=True, overflow="ellipsis"))
        if not self.shown:
            self.current = None
            self.refresh_bindings()
            self.query_one("#detail", RichPane).update(Text("No task matches the filter.", style="dim"))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self.filter_error:
            self.notify(self.filter_error, title="Filter", severity="error")
            return
        self.query_one(Grid).focus()

    # -- selection and detail
    @on(Grid.RowHighlighted, "#tasks-grid")
    def _row_highlighted(self, event: Grid.RowHighlighted) -> None:
        if 0 <= event.row < len(self.shown):
            if self.current is None:
                self.refresh_bindings()  # the task actions are enabled from now on (footer, palette)
            self.current = self.instances[self.shown[event.row]]
            if self._shown_detail == (self.current.id, self.blind):
                return
            # throttled: a held arrow key moves the cursor at full speed; the detail follows at most 10x a second
            now = time.monotonic()
            if now - self._detail_at >= DETAIL_INTERVAL:
                self.show_detail()
            elif self._detail_timer is None:
                self._detail_timer = self.set_timer(DETAIL_INTERVAL, self._trailing_detail)

    def _trailing_detail(self) -> None:
        self._detail_timer = None
        if self.current is not None and self._shown_detail != (self.current.id, self.blind):
            self.show_detail()

    @on(Grid.RowSelected, "#tasks-grid")
    def _row_selected(self, event: Grid.RowSelected) -> None:
        self.query_one("#detail", RichPane).focus()

    def show_detail(self, *, cursor_moved: bool = True) -> None:
        """Render the current task's detail; `cursor_moved=False` (new aggregates) leaves the cursor's throttle be."""
        if self.current is None:
            return
        self._shown_detail = (self.current.id, self.blind)
        if cursor_moved:
            self._detail_at = time.monotonic()
        stats = None
        if self.stats is not None:
            from crmtui.store.aggregates import TaskStats

            stats = self.stats.get(self.current.id) or TaskStats(self.current.id)
        detail = task_detail(self.current, blind=self.blind, dark=self.app.current_theme.dark, stats=stats,
                             stats_state=self.stats_state)
        self.query_one("#detail", RichPane).update(detail)

    def watch_blind(self, blind: bool) -> None:
        self.show_detail()
        self.sub_title = "Tasks · blind mode" if blind else "Tasks"

    # -- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("solution", "copy_task"):
            if self.blind:
                return None  # shown disabled
            if action == "solution" and (self.current is None or self.current.solution is None):
                return None
        if action in ("workbench", "copy_id", "copy_query", "validate_gold", "review_gold") and self.current is None:
            return None
        if action in ("play", "replay") and self.current is None:
            return None
        return True

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(Grid).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_cycle(self, key: str) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = cycle_term(filter_input.value, key)

    def set_quick(self, key: str, value: str | None) -> None:
        filter_input = self.query_one("#filter", Input)
        text = filter_input.value
        terms = [t for t in (x.strip() for x in text.split(",")) if t and t.partition("=")[0].strip() != key]
        if value:
            terms.append(f"{key}={value}")
        filter_input.value = ",".join(terms)

    def action_toggle_blind(self) -> None:
        self.blind = not self.blind

    def action_zoom(self) -> None:
        focused = self.focused
        if focused is not None:
            self.maximize(focused)

    def _org_kind(self) -> str:
        org = self.current.org if self.current is not None else self.app.default_org  # type: ignore[attr-defined]
        if org not in _ORG_KINDS:
            self.notify("Imported tasks refer to the official CRMArena org; opening the embedded b2b org instead.",
                        severity="warning")
            return "b2b"
        return org

    def action_workbench(self) -> None:
        self.app.open_workbench(self._org_kind())  # type: ignore[attr-defined]

    def action_solution(self) -> None:
        if self.current is None or self.current.solution is None or self.blind:
            return
        queries = self.current.solution.queries
        self.app.open_workbench(self._org_kind(), query=queries[0] if queries else "",  # type: ignore[attr-defined]
                                extra_history=queries, run=True)
        if len(queries) > 1:
            self.notify(f"Query 1 of {len(queries)}; ctrl+up/down steps through the others.", timeout=4)

    def action_validate_gold(self) -> None:
        if self.current is not None:
            from crmtui.app.screens.gold import start_gold_validation

            start_gold_validation(self.app, self.current, blind=self.blind)

    def action_review_gold(self) -> None:
        if self.current is not None:
            from crmtui.app.screens.gold import GoldReviewScreen

            self.app.push_screen(GoldReviewScreen(self.current, episode_id=None, blind=False))

    def action_adjudication(self) -> None:
        from crmtui.app.screens.gold import AdjudicationScreen

        self.app.push_screen(AdjudicationScreen())

    # -- episodes: play, step through, replay (crmtui.app.screens.episode)
    def action_play(self, how: str) -> None:
        """Open the Episode screen on the task: `human` (single-turn), `human-multi` (against the scripted user),
        `human-functions` (single-turn with CRMArena's function tools instead of raw SOQL/SOSL), `user` (a person
        plays the user) or `step` (step through an agent); the last two ask for the agent."""
        from crmtui.app.widgets.dialogs import AskText
        from crmtui.episode.live import EpisodeRequest

        instance = self.current
        if instance is None:
            return
        if how in ("human", "human-multi", "human-functions"):
            self.app.open_episode(EpisodeRequest(  # type: ignore[attr-defined]
                "human", instance, user="scripted" if how == "human-multi" else None, blind=self.blind,
                toolset="functions" if how == "human-functions" else None))
            return

        def chosen(agent: str | None) -> None:
            if agent is not None:
                self.app.open_episode(EpisodeRequest(how, instance, agent=agent.strip() or "oracle",  # type: ignore
                                                     blind=self.blind))

        what = "play the user against" if how == "user" else "step through"
        self.app.push_screen(AskText(f"Which agent do you want to {what}?",
                                     "oracle (offline), react:<model>, functions:<model> or replay:<episode id>",
                                     value="oracle"), chosen)

    def action_replay(self) -> None:
        """Pick a stored episode of the task and replay it."""
        instance = self.current
        if instance is not None:
            self._load_runs(instance.id)

    @work(thread=True, exclusive=True, group="tasks-runs", exit_on_error=False)
    def _load_runs(self, task_id: str) -> None:
        from crmtui.store.errors import StoreError

        try:
            episodes = self.app.store.episodes(task_id=task_id)  # type: ignore[attr-defined]
        except (StoreError, OSError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Transcript DB", severity="error")
            return
        self.app.call_from_thread(self._pick_run, task_id, episodes)

    def _pick_run(self, task_id: str, episodes: list) -> None:
        from crmtui.app.widgets.dialogs import PickEpisode
        from crmtui.episode.live import EpisodeRequest

        def chosen(episode_id: str | None) -> None:
            if episode_id is not None:
                self.app.open_episode(EpisodeRequest("replay", self.current if self.current is not None  # type: ignore
                                                     and self.current.id == task_id else None,
                                                     episode_id=episode_id, blind=self.blind))

        self.app.push_screen(PickEpisode(f"Runs of {task_id}", episodes), chosen)

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what} ({len(text):,} characters)", timeout=2)

    def action_copy_id(self) -> None:
        if self.current is not None:
            self._copy(self.current.id, "the task id")

    def action_copy_query(self) -> None:
        if self.current is not None:
            self._copy(self.current.query, "the task query")

    def action_copy_task(self) -> None:
        if self.current is not None and not self.blind:
            self._copy(json.dumps(self.current.to_json(), ensure_ascii=False, indent=2), "the task JSON")

    # -- command palette
    def palette_commands(self) -> Iterable[SystemCommand]:
        km = getattr(self.app, "keymap_overrides", {})

        def keys(binding_id: str) -> str:
            return f" ({display_keys(binding_id, km)})"

        yield SystemCommand("Tasks: filter", "Edit the filter" + keys("tasks.filter"), self.action_focus_filter)
        if self.query_one("#filter", Input).value:
            yield SystemCommand("Tasks: clear the filter", "Show every task" + keys("tasks.clear-filter"),
                                self.action_clear_filter)
        yield SystemCommand("Tasks: blind mode " + ("off" if self.blind else "on"),
                            "Hide or show gold answers and reference solutions" + keys("tasks.blind"),
                            self.action_toggle_blind)
        if self.current is not None:
            cur = self.current
            yield SystemCommand(f"Tasks: query the {self._kind_name(cur.org)} org",
                                "Open the query workbench on this task's org" + keys("tasks.workbench"),
                                self.action_workbench)
            if cur.solution is not None and not self.blind:
                yield SystemCommand("Tasks: open the reference solution",
                                    "Run the oracle's queries in the workbench" + keys("tasks.solution"),
                                    self.action_solution)
            yield SystemCommand("Gold: validate this task's gold answer (blind)",
                                "Solve it yourself first, then see the gold and the oracle's solution"
                                + keys("tasks.validate-gold"), self.action_validate_gold)
            yield SystemCommand("Gold: review this task's gold answer now",
                                "Not blind: no episode of yours as evidence" + keys("tasks.review-gold"),
                                self.action_review_gold)
            yield SystemCommand("Tasks: copy the task id", cur.id + keys("tasks.copy-id"), self.action_copy_id)
            yield SystemCommand("Tasks: copy the task query", "OSC 52 clipboard" + keys("tasks.copy-query"),
                                self.action_copy_query)
            if not self.blind:
                yield SystemCommand("Tasks: copy the task as JSON", "OSC 52 clipboard" + keys("tasks.copy-task"),
                                    self.action_copy_task)
        yield SystemCommand("Gold: adjudication queue", "Tasks whose gold reviews disagree"
                            + keys("tasks.adjudication"), self.action_adjudication)
        if self.current is not None:
            for how, title, help_text, binding_id in (
                    ("human", "Episode: play the task", "In the agent's seat (human baseline)", "tasks.play"),
                    ("human-multi", "Episode: play the task against the scripted user", "Multi-turn",
                     "tasks.play-multi"),
                    ("human-functions", "Episode: play the task with the function tools",
                     "CRMArena's functions instead of SOQL/SOSL", "tasks.play-functions"),
                    ("user", "Episode: play the user against an agent", "Multi-turn", "tasks.play-user"),
                    ("step", "Episode: step through an agent", "Approve, edit or reject each action",
                     "tasks.step-agent")):
                yield SystemCommand(title, help_text + keys(binding_id), lambda h=how: self.action_play(h))
            yield SystemCommand("Episode: replay a run of the task", "Stored episodes" + keys("tasks.replay"),
                                self.action_replay)
        for key, values in QUICK.items():
            for value in values:
                yield SystemCommand(f"Filter: {key}={value}", f"Only tasks with {key} {value}",
                                    lambda k=key, v=value: self.set_quick(k, v), discover=False)

    @staticmethod
    def _kind_name(org: str) -> str:
        return org if org in _ORG_KINDS else "b2b"
