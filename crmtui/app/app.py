"""CrmtuiApp: the Textual application (Tasks screen first; the query workbench on demand)."""

from __future__ import annotations

import getpass
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import WorkerState

from crmtui.app.keys import Keymap, bindings, display_keys, keymap_path, load_keymap
from crmtui.app.styles import APP_CSS

if TYPE_CHECKING:
    from crmtui.app.session import QueryHistory
    from crmtui.episode.live import EpisodeRequest
    from crmtui.store.store import Store
    from crmtui.tasks.model import TaskInstance

DARK, LIGHT = "textual-dark", "textual-light"


def _default_loader() -> list[TaskInstance]:
    from crmtui.tasks.instances import load_instances

    return load_instances()


def default_annotator() -> str:
    """Who is at the keyboard: `$CRMTUI_ANNOTATOR`, else the login name."""
    name = os.environ.get("CRMTUI_ANNOTATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "expert"


class CrmtuiApp(App[None], inherit_bindings=False):
    """The crmtui workbench.

    `loader` returns the task instances (default: the catalog and imported files); `org_paths` maps an org kind
    to a dump to use instead of the default org of that kind (tests); `keymap` overrides the keymap file;
    `clock` times queries (tests pass a constant one for stable snapshots); `db_path` is the transcript DB
    (default `transcripts/crmtui.db`), opened on first use; `annotator` names the person at the keyboard in
    episodes, labels and gold reviews; `default_org` is the org kind the workbench opens on without a task.
    """

    TITLE = "crmtui"
    CSS = APP_CSS
    BINDINGS: ClassVar = [*bindings("app"), Binding("ctrl+c", "help_quit", show=False, system=True)]

    def __init__(self, *, loader: Callable[[], list[TaskInstance]] | None = None,
                 org_paths: dict[str, Path] | None = None, blind: bool = False, keymap: Keymap | None = None,
                 clock: Callable[[], float] | None = None, history: QueryHistory | None = None,
                 theme: str = DARK, db_path: Path | None = None, annotator: str | None = None,
                 default_org: str = "b2b") -> None:
        super().__init__()
        self.default_org = default_org
        self.db_path = db_path
        self.annotator = annotator or default_annotator()
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self.loader = loader or _default_loader
        self.org_paths = dict(org_paths or {})
        self.blind = blind
        self.clock = clock or time.perf_counter
        self.query_history = history
        self.keymap_problems: list[str] = []
        if keymap is None:
            keymap, self.keymap_problems = load_keymap()
        self.keymap_overrides: Keymap = keymap
        self.theme = theme

    def get_default_screen(self) -> Screen:
        from crmtui.app.screens.tasks import TasksScreen

        return TasksScreen(self.loader, blind=self.blind)

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=8)
        from crmtui.app.screens.resume import offer_resume

        offer_resume(self)  # reads the transcript DB in a worker: start-up does not wait for it

    @property
    def store(self) -> Store:
        """The transcript DB, opened on first use (from any thread: workers read it too)."""
        with self._store_lock:
            if self._store is None:
                from crmtui.store import open_store

                self._store = open_store(self.db_path)
            return self._store

    def existing_store(self) -> Store | None:
        """The transcript DB if it is open or its file exists, else None: reading it (runs, reviews, episodes to
        resume) must not create it, and a DB that does not exist yet holds nothing to show."""
        if self._store is not None:
            return self.store
        from crmtui.store.store import DEFAULT_DB

        return self.store if (self.db_path or DEFAULT_DB).exists() else None

    def on_unmount(self) -> None:
        with self._store_lock:
            store, self._store = self._store, None
        # a thread worker still reading the DB would crash on a closed connection: leave that one to the GC
        if store is not None and not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                                         for w in self.workers):
            store.close()

    # -- org and screens
    def org_path(self, kind: str) -> Path | None:
        return self.org_paths.get(kind)

    def open_workbench(self, kind: str = "b2b", *, query: str = "", run: bool = False,
                       extra_history: list[str] | None = None) -> None:
        from crmtui.app.screens.workbench import WorkbenchScreen

        if self.query_history is None:
            from crmtui.app.session import QueryHistory

            self.query_history = QueryHistory()
        screen = WorkbenchScreen(kind, query=query, run=run, extra_history=extra_history, history=self.query_history)
        if isinstance(self.screen, WorkbenchScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_episode(self, request: EpisodeRequest) -> None:
        """Open the Episode screen (play, step through, replay, fork); `request.on_done` gets the episode id."""
        from crmtui.app.screens.episode import EpisodeScreen

        self.push_screen(EpisodeScreen(request))

    def action_review(self) -> None:
        from crmtui.app.screens.review import ReviewScreen, open_review

        if not isinstance(self.screen, ReviewScreen):
            open_review(self)

    def action_baselines(self) -> None:
        from crmtui.app.screens.baselines import BaselinesScreen, open_baselines

        if not isinstance(self.screen, BaselinesScreen):
            open_baselines(self)

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_help(self) -> None:
        from crmtui.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "HELP_SCOPES", ("app",)), self.keymap_overrides))

    def watch_theme(self, theme: str) -> None:
        # panes render rich content with theme-dependent syntax colours
        if not self.screen_stack:
            return
        for screen in self.screen_stack:
            show = getattr(screen, "show_detail", None)
            if callable(show):
                show()

    # -- command palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            yield from commands()
        km = self.keymap_overrides
        yield SystemCommand("Toggle dark/light theme", f"({display_keys('app.theme', km)})", self.action_toggle_dark)
        yield SystemCommand("Help: keys", f"Every binding and its id ({display_keys('app.help', km)}); remap them "
                            f"in {keymap_path()}", self.action_help)
        if type(screen).__name__ != "TasksScreen":
            yield SystemCommand("Go to the tasks", "Back to the task table", self._to_tasks)
        if type(screen).__name__ != "ReviewScreen":
            yield SystemCommand("Review queues", "Unannotated failures, judge/human disagreement, disputed gold; two "
                                f"episodes side by side ({display_keys('app.review', km)})", self.action_review)
        if type(screen).__name__ != "BaselinesScreen":
            yield SystemCommand("Baselines", "Human vs agents: outcomes, pass^k, effort, confidentiality, gold, "
                                f"agreement ({display_keys('app.baselines', km)})", self.action_baselines)
        for kind in ("b2b", "b2c", "original"):
            yield SystemCommand(f"Open the query workbench on the {kind} org", "SOQL/SOSL, results, schema",
                                lambda k=kind: self.open_workbench(k))
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys",):
                yield command

    def _to_tasks(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
