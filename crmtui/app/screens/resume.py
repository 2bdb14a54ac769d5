"""The resume prompt: at start-up, episodes the person left running (a crash, a closed laptop) are offered back.

`offer_resume(app)` reads the transcript DB in a worker thread (start-up never waits for it) and, when the person at
the keyboard has running episodes, shows a ResumeScreen: resume one (the Episode screen continues it from its last
committed step), abandon it or all of them (recorded as abandoned, steps kept), or leave them for later.
Only the person's own episodes are listed (`player` is the annotator, or a human episode without a player): a
batch run in another process has running episodes too, and must not be abandoned from here.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from crmtui.app.keys import bindings
from crmtui.app.widgets.grid import Grid
from crmtui.errors import CrmtuiError

if TYPE_CHECKING:
    from textual.app import App

    from crmtui.store.model import Episode

__all__ = ["ResumeScreen", "episode_mode", "offer_resume", "resumable_for"]

_STORE_ERRORS = (CrmtuiError, OSError, sqlite3.Error)
COLUMNS = ("task", "mode", "started", "steps")


def resumable_for(store: Any, annotator: str) -> list[Episode]:
    """The running episodes `annotator` played (or human episodes without a player), oldest first."""
    return [ep for ep in store.episodes(status="running")
            if ep.player == annotator or (ep.player is None and ep.agent_kind == "human")]


def episode_mode(ep: Episode) -> str:
    """The Episode screen's mode to continue `ep` in: the mode it was played in, else from who played it."""
    from crmtui.episode.live import MODES

    mode = ep.config.get("mode") if isinstance(ep.config, dict) else None
    if mode in MODES and mode != "replay":
        return str(mode)
    return "human" if ep.agent_kind == "human" else "step"


def offer_resume(app: App) -> None:
    """Look for running episodes in a worker; show the ResumeScreen if there are any."""

    def find() -> None:
        try:
            store = app.existing_store()  # type: ignore[attr-defined]
            if store is None:
                return
            episodes = resumable_for(store, app.annotator)  # type: ignore[attr-defined]
        except _STORE_ERRORS as exc:
            app.call_from_thread(app.notify, f"Cannot look for episodes to resume: {exc}", title="Transcript DB",
                                 severity="warning", timeout=8)
            return
        if episodes:
            app.call_from_thread(app.push_screen, ResumeScreen(episodes))

    app.run_worker(find, thread=True, group="resume", exit_on_error=False)


class Abandoned(Message):
    def __init__(self, done: list[str], error: str | None) -> None:
        super().__init__()
        self.done = done
        self.error = error


def _row(ep: Episode) -> tuple:
    from crmtui.episode.live import MODE_LABELS

    task = ep.task_id or f"{ep.task_name or '?'} #{ep.task_idx if ep.task_idx is not None else '?'}"
    started = (ep.started_at or "")[:16].replace("T", " ")
    return (task, MODE_LABELS.get(episode_mode(ep), episode_mode(ep)), started, ep.step_count)


class ResumeScreen(ModalScreen[None]):
    """Running episodes of the person at the keyboard: resume one, abandon, or leave them for later."""

    HELP_SCOPES: ClassVar = ("resume", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("resume")
    AUTO_FOCUS = "#resume-list"
    DEFAULT_CSS = """
    ResumeScreen { align: center middle; background: $background 60%; }
    #resume-box { width: 90; max-width: 96%; height: auto; max-height: 90%; border: round $accent;
                  background: $surface; padding: 0 1; }
    #resume-title { height: auto; margin-bottom: 1; }
    #resume-list { height: auto; max-height: 12; }
    #resume-help { height: auto; color: $text-muted; margin-top: 1; }
    """

    def __init__(self, episodes: list[Episode]) -> None:
        super().__init__(id="resume")
        self.episodes = list(episodes)

    def compose(self) -> ComposeResult:
        n = len(self.episodes)
        with Vertical(id="resume-box"):
            yield Static(Text.assemble((f"{n} episode{'s' * (n != 1)} left running", "bold"),
                                       " · every committed step is kept"), id="resume-title")
            yield Grid(id="resume-list", zebra=False)
            yield Static(Text("enter resumes · a abandons the selected one · A abandons all · esc: not now",
                              style="dim"), id="resume-help")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self, cursor: int = 0) -> None:
        self.query_one(Grid).set_data(COLUMNS, [_row(ep) for ep in self.episodes], cursor=cursor)

    @property
    def selected(self) -> Episode | None:
        row = self.query_one(Grid).cursor_row
        return self.episodes[row] if 0 <= row < len(self.episodes) else None

    @on(Grid.RowSelected, "#resume-list")
    def _row_selected(self, event: Grid.RowSelected) -> None:
        self.action_resume()

    def action_resume(self) -> None:
        from crmtui.episode.live import EpisodeRequest

        ep = self.selected
        if ep is None:
            return
        app: Any = self.app
        request = EpisodeRequest(episode_mode(ep), episode_id=ep.id, resume=True, player=app.annotator)
        self.dismiss(None)
        app.open_episode(request)

    def action_abandon(self) -> None:
        ep = self.selected
        if ep is not None:
            self.abandon([ep])

    def action_abandon_all(self) -> None:
        self.abandon(list(self.episodes))

    @work(thread=True, exclusive=True, group="resume-abandon", exit_on_error=False)
    def abandon(self, episodes: list[Episode]) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        done: list[str] = []
        error = None
        for ep in episodes:
            try:
                store.abandon_episode(ep.id, reason="abandoned from the resume prompt")
            except _STORE_ERRORS as exc:
                error = f"{ep.task_id or ep.id}: {exc}"
                break
            done.append(ep.id)
        self.post_message(Abandoned(done, error))

    def on_abandoned(self, message: Abandoned) -> None:
        done, error = message.done, message.error
        if error is not None:
            self.notify(error, title="Abandon", severity="error", timeout=8)
        if done:
            self.notify(f"Abandoned {len(done)} episode{'s' * (len(done) != 1)}", timeout=3)
        row = self.query_one(Grid).cursor_row
        self.episodes = [ep for ep in self.episodes if ep.id not in done]
        if not self.episodes:
            self.dismiss(None)
            return
        self._fill(min(row, len(self.episodes) - 1))

    def action_ignore(self) -> None:
        self.dismiss(None)
