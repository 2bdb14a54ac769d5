"""The Episode screen: play a task, step through an agent, replay a stored episode, fork from a step.

The screen drives a `crmtui.episode.live.LiveEpisode` (no Textual there). Everything that can be slow runs in
thread workers that post messages: opening the org, starting or loading the episode, an agent's proposal (an LLM
call), running an action (a query). The screen owns every widget change.

Layout: header (task, mode, step n of N, active time), a status line saying what happens next, then
- wide (>= 120 columns): left the task card, conversation and composer; right the step trace over the inspector
  (the selected step's result grid and the highlighted record);
- narrow: one of those panes at a time (1 conversation, 2 trace, 3 inspector).
The schema browser (ctrl+b) slides in from the left.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from crmtui.app.keys import bindings, display_keys, spec
from crmtui.app.messages import OrgFailed, OrgOpened
from crmtui.app.render import format_value
from crmtui.app.widgets.annotate import AnnotationHost, AnnotationPanel
from crmtui.app.widgets.composer import Composer
from crmtui.app.widgets.conversation import Conversation, conversation, pending_block
from crmtui.app.widgets.dialogs import AskText, ConfirmLeave, EditAction
from crmtui.app.widgets.editor import CompletionPopup, SoqlEditor
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.inspector import Inspector
from crmtui.app.widgets.schema import SchemaBrowser
from crmtui.app.widgets.statusline import StatusLine, episode_title, next_step_text, position_text
from crmtui.app.widgets.taskcard import task_card
from crmtui.app.widgets.trace import StepTrace, pending_row
from crmtui.episode.actions import Action
from crmtui.episode.engine import END_ABANDONED
from crmtui.episode.live import MODE_LABELS, EpisodeRequest, LiveEpisode, disclosed_values, engine_error_text

__all__ = ["EpisodeRequest", "EpisodeScreen"]

PANES = ("conversation", "trace", "inspector")
REPLAY_INTERVAL = 0.1  # seconds between conversation/inspector renders while a replay key is held

EPISODE_CSS = """
EpisodeScreen #ep-body { height: 1fr; }
EpisodeScreen #ep-left { width: 1fr; height: 1fr; }
EpisodeScreen #ep-card { height: auto; max-height: 7; padding: 0 1; border-bottom: hkey $panel; }
EpisodeScreen #ep-conversation { height: 1fr; padding: 0 1; }
EpisodeScreen #ep-right { width: 1fr; height: 1fr; border-left: vkey $panel; }
EpisodeScreen #ep-trace { height: 1fr; }
EpisodeScreen #ep-inspector { height: 2fr; border-top: hkey $panel; }
EpisodeScreen #ep-schema { dock: left; width: 34; height: 100%; layer: overlay; background: $surface;
                           border-right: vkey $accent; display: none; }
EpisodeScreen.-narrow #ep-body { layout: vertical; }
EpisodeScreen.-narrow #ep-right { border-left: none; width: 1fr; }
EpisodeScreen.-narrow #ep-inspector { border-top: none; }
EpisodeScreen.-narrow #ep-card { max-height: 4; }
"""


class EpisodeReady(Message):
    """The episode is started, resumed, forked or loaded (`session` is the org, when it was opened with it)."""

    def __init__(self, live: LiveEpisode, session: Any = None) -> None:
        super().__init__()
        self.live = live
        self.session = session


class SchemaReady(Message):
    """The org's schema (a replay needs no org: only its schema, for completion, colours and the browser)."""

    def __init__(self, schema: Any) -> None:
        super().__init__()
        self.schema = schema


class EpisodeFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Proposed(Message):
    """An automatic actor's proposal is ready (`generation` tells a stale one apart; None: it was discarded)."""

    def __init__(self, generation: int | None) -> None:
        super().__init__()
        self.generation = generation


class Applied(Message):
    """Steps were recorded (by an approved, edited or a person's action, or by the automatic side)."""

    def __init__(self) -> None:
        super().__init__()


class ActionFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class EpisodeScreen(AnnotationHost, Screen[str | None]):
    """One episode: live (human, user, step) or replayed. When the person leaves, it dismisses with (and calls
    `request.on_done` with) the episode id if the episode finished (or was replayed), else None: abandoned, or
    left running to resume later (a gold validation must not reveal the gold before the episode is finished).

    The annotation panel (crmtui.app.widgets.annotate) is mounted under the inspector once the episode is in
    the store; its keys label the selected step or the episode, live or replayed."""

    HELP_SCOPES: ClassVar = ("episode", "annotate", "editor", "grid", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = [*bindings("episode"), *bindings("annotate")]
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (120, "-wide")]
    DEFAULT_CSS = EPISODE_CSS
    AUTO_FOCUS = "#ep-trace"

    def __init__(self, request: EpisodeRequest, live: LiveEpisode | None = None, session: Any = None) -> None:
        """`live`: an episode already open (a fork, with the org `session` it plays on); otherwise the request
        says what to start or load."""
        super().__init__()
        self.request = request
        self.live: LiveEpisode | None = None
        self._given = live
        self._given_session = session
        self._to_end = False
        self._take_over_next = False
        self.session: Any = None
        self.pane = "conversation"
        self.busy: str | None = None  # proposing | applying | running
        self.card_shown = True
        self._cancel = threading.Event()
        self._disclosed: set[str] = set()
        self._disclosed_at = -1
        self._selected: int | None = None
        self.schema: Any = None
        self._schema_loaded = False
        self._fork_at: int | None = None  # a fork asked for before the org was open
        self._replay_at = 0.0
        self._replay_timer: Any = None
        self._footer_state: tuple[Any, ...] = ()

    # -- building -----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusLine(id="ep-status")
        with Horizontal(id="ep-body"):
            with Vertical(id="ep-left"):
                yield Static(Text(""), id="ep-card")
                yield Conversation(id="ep-conversation")
                if self.request.mode != "replay":
                    yield Composer(id="ep-composer")
            with Vertical(id="ep-right"):
                yield StepTrace(id="ep-trace")
                yield Inspector(id="ep-inspector")
        if self.request.mode != "replay":
            yield CompletionPopup()  # the editor's (a replay has no composer)
        yield Footer()

    def on_mount(self) -> None:
        if self.request.player is None:
            self.request.player = getattr(self.app, "annotator", None)
        mode = self.request.mode
        self.sub_title = f"Episode · {MODE_LABELS.get(mode, mode)} · opening…"
        composer = self._composer_widget()
        if composer is not None:
            composer.display = False
        if self.request.instance is not None:
            self._card()
        self._layout()
        if self._given is not None:
            self.post_message(EpisodeReady(self._given, self._given_session))
        elif mode == "replay":
            self.load_replay()
        else:
            self.open_org(start=True)
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        self._layout()

    @property
    def narrow(self) -> bool:
        return self.size.width < 120

    def _layout(self) -> None:
        narrow = self.narrow
        left, right = self.query_one("#ep-left"), self.query_one("#ep-right")
        trace, inspector = self.query_one("#ep-trace"), self.query_one("#ep-inspector")
        if not narrow:
            left.display = right.display = trace.display = inspector.display = True
        else:
            left.display = self.pane == "conversation"
            right.display = self.pane != "conversation"
            trace.display = self.pane == "trace"
            inspector.display = self.pane == "inspector"
        self.query_one("#ep-card").display = self.card_shown

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    # -- workers: org, episode ----------------------------------------------------------------------------------

    def _org_kind(self) -> str:
        instance = self.request.instance
        org = getattr(instance, "org", None)
        return org if org in ("original", "b2b", "b2c") else "b2b"

    @work(thread=True, exclusive=True, group="episode-org", exit_on_error=False)
    def open_org(self, start: bool) -> None:
        from crmtui.app.session import OrgSession

        try:
            kind = self._org_kind()
            session = OrgSession.open(kind, self.app.org_path(kind))  # type: ignore[attr-defined]
        except Exception as exc:  # an org that cannot be built or opened: shown, the replay still works
            error = f"cannot open the org: {exc}"
            self.post_message(OrgFailed(error) if not start else EpisodeFailed(error))
            return
        if not start:
            self.post_message(OrgOpened(session))
            return
        try:
            live = LiveEpisode.open(self.request, store=self.store, backend=session.backend,
                                    clock=getattr(self.app, "clock", time.monotonic))
        except Exception as exc:  # a bad agent spec, a missing episode: a modal-free error line and a notification
            self.post_message(EpisodeFailed(engine_error_text(exc)))
            return
        self.post_message(EpisodeReady(live, session))

    @work(thread=True, exclusive=True, group="episode-load", exit_on_error=False)
    def load_replay(self) -> None:
        """The stored episode, then its org's schema (the org itself opens only to fork)."""
        from crmtui.org.schema import ORG_KINDS, load_schema

        try:
            live = LiveEpisode.open(self.request, store=self.store)
        except Exception as exc:
            self.post_message(EpisodeFailed(engine_error_text(exc)))
            return
        self.post_message(EpisodeReady(live))
        org = getattr(live.instance, "org", None) or (live.source.org_kind if live.source else None)
        try:
            schema = load_schema(org if org in ORG_KINDS else "b2b")
        except Exception as exc:  # the replay works without it: no colours, no completion
            self.post_message(OrgFailed(f"cannot load the schema: {exc}"))
            return
        self.post_message(SchemaReady(schema))

    def on_episode_ready(self, message: EpisodeReady) -> None:
        self.live = message.live
        if message.session is not None:
            self._org_ready(message.session)
        if self.live.engine is not None and self.live.engine.toolset.name != "react":
            composer = self._composer_widget()
            if composer is not None:
                composer.set_specs(self.live.engine.toolset.specs())
        if self.live.episode_id is not None and not self.query(AnnotationPanel):
            self.query_one("#ep-right").mount(AnnotationPanel(self.store, self.live.episode_id,
                                                              getattr(self.app, "annotator", "expert"),
                                                              id="ep-annotations"))
        self.refresh_all(cursor=self.live.cursor)
        if self.live.mode == "replay" and self.focused is None:
            self.query_one("#ep-trace", StepTrace).focus()
        self._after_change()

    def on_episode_failed(self, message: EpisodeFailed) -> None:
        self._status(Text.assemble(("✗ ", "bold red"), message.error))
        self.notify(message.error, title="Episode", severity="error", timeout=8)

    def on_org_opened(self, message: OrgOpened) -> None:
        self._org_ready(message.session)
        if self._fork_at is not None:
            at, self._fork_at = self._fork_at, None
            self._fork(at)

    def on_org_failed(self, message: OrgFailed) -> None:
        self._fork_at = None
        self.notify(f"{message.error}; the replay works, forking does not.", severity="warning", timeout=6)

    def on_schema_ready(self, message: SchemaReady) -> None:
        self._schema_ready(message.schema)

    def _org_ready(self, session: Any) -> None:
        self.session = session
        self._schema_ready(session.schema)
        if self.live is not None and self.live.backend is None:
            self.live.backend = session.backend

    def _schema_ready(self, schema: Any) -> None:
        self.schema = schema
        for editor in self.query(SoqlEditor):
            editor.schema = schema
        self.query_one(Inspector).schema = schema
        if self._selected is not None:
            self._select(self._selected)  # colours by sensitivity now

    def _composer_widget(self) -> Composer | None:
        return next(iter(self.query(Composer)), None)

    # -- rendering ----------------------------------------------------------------------------------------------

    def _dark(self) -> bool:
        return self.app.current_theme.dark

    def _card(self) -> None:
        live = self.live
        instance = live.instance if live is not None else self.request.instance
        card = task_card(instance, blind=self.request.blind, user_seat=self.request.mode == "user",
                         outcome=live.outcome if live is not None else None,
                         episode=live.source if live is not None else None)
        self.query_one("#ep-card", Static).update(card)

    def refresh_all(self, cursor: int | None = None) -> None:
        """Redraw the card, conversation, trace, composer, status and header from the live episode."""
        live = self.live
        if live is None:
            return
        self._card()
        pending = None
        pending_trace = None
        if live.pending is not None:
            action = live.pending.action
            who = live.agent_name if live.pending.actor == "agent" else "the user simulator"
            pending = pending_block(action, live.pending.actor, who, dark=self._dark())
            what = action.query or (f"{action.tool}(…)" if action.tool else action.content or action.kind)
            pending_trace = pending_row(len(live.steps), live.pending.actor, action.kind, str(what))
        user_person = live.engine is not None and live.engine.user is not None \
            and not getattr(live.engine.user, "automatic", True)
        self.query_one(Conversation).show(conversation(live.shown_steps, dark=self._dark(),
                                                       user_is_person=user_person, pending=pending))
        trace = self.query_one("#ep-trace", StepTrace)
        trace.show(live.steps, cursor=cursor, pending=pending_trace)
        self._composer()
        self._status(self._status_text())
        self._tick()
        self._refresh_footer()

    _FOOTER_ACTIONS = ("next", "approve", "edit", "reject", "run_to_end", "take_over", "hand_back", "toggle_timer",
                       "run_query", "respond", "compose", "reply", "fork", "replay")

    def _refresh_footer(self) -> None:
        """Refresh the footer only when what applies changed (a footer refresh rebuilds its widgets)."""
        state = tuple(self.check_action(a, ()) for a in self._FOOTER_ACTIONS)
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    def _composer(self) -> None:
        live = self.live
        composer = self._composer_widget()
        if composer is None:
            return
        show = live is not None and live.person_turn
        focused = self.focused
        if not show and focused is not None and composer in focused.ancestors_with_self:
            self.query_one("#ep-trace").focus()
        composer.display = show
        if show and live is not None:
            composer.set_seat(live.whose_turn or "agent")

    def _tick(self) -> None:
        live = self.live
        if live is None:
            return
        self.sub_title = episode_title(live)
        self.query_one(StatusLine).show(right=position_text(live))

    def _keys(self, binding_id: str) -> str:
        """The keys of a binding as the status line shows them (its short form unless remapped)."""
        keymap = getattr(self.app, "keymap_overrides", {})
        shown = spec(binding_id).key_display
        return shown if shown and binding_id not in keymap else display_keys(binding_id, keymap)

    def _status_text(self) -> Text:
        if self.live is None:
            return Text("Opening…", style="dim")
        return next_step_text(self.live, self.busy, self._keys)

    def _status(self, text: Text) -> None:
        self.query_one(StatusLine).show(left=text)

    # -- selection and the inspector ----------------------------------------------------------------------------

    @on(Grid.RowHighlighted, "#ep-trace")
    def _step_highlighted(self, event: Grid.RowHighlighted) -> None:
        live = self.live
        if live is None:
            return
        if live.mode == "replay":
            live.move(event.row)
            self._tick()
            # throttled: a held key moves the cursor at full speed; the panes follow at most 10x a second
            now = time.monotonic()
            if now - self._replay_at >= REPLAY_INTERVAL:
                self._replay_render()
            elif self._replay_timer is None:
                self._replay_timer = self.set_timer(REPLAY_INTERVAL, self._replay_trailing)
            return
        self._select(event.row)

    def _select(self, row: int) -> None:
        live = self.live
        if live is None:
            return
        steps = live.steps
        step = steps[row] if 0 <= row < len(steps) else None
        self._selected = row if step is not None else None
        if len(steps) != self._disclosed_at:
            self._disclosed = disclosed_values(steps)
            self._disclosed_at = len(steps)
        pending = live.pending.action if live.pending is not None and row == len(steps) else None
        self.query_one(Inspector).show_step(step, self._disclosed, pending)
        self._annotation_step(row if step is not None else None)

    def _annotation_step(self, row: int | None) -> None:
        for panel in self.query(AnnotationPanel):
            panel.set_step(row)

    @on(Grid.RowHighlighted, "#ep-results")
    def _result_highlighted(self, event: Grid.RowHighlighted) -> None:
        self.query_one(Inspector).show_row(event.row)

    @on(Grid.RowSelected, "#ep-trace")
    def _step_selected(self, event: Grid.RowSelected) -> None:
        self.action_focus_pane("inspector")

    def _replay_trailing(self) -> None:
        self._replay_timer = None
        self._replay_render()

    def _replay_render(self) -> None:
        live = self.live
        if live is None:
            return
        self._replay_at = time.monotonic()
        self.query_one(Conversation).show(conversation(live.shown_steps, dark=self._dark()))
        self._select(live.cursor)

    # -- step-through -------------------------------------------------------------------------------------------

    def action_next(self) -> None:
        live = self.live
        if live is None or not live.automatic_turn:
            self.notify("Nothing to propose: it is a person's turn, or the episode is over.", timeout=3)
            return
        if self.busy:
            self.notify("Still working on the previous step.", timeout=2)
            return
        if live.pending is not None:
            self.notify("An action is already proposed: approve, edit or reject it.", timeout=3)
            return
        self._propose()

    def _propose(self) -> None:
        self.busy = "proposing"
        self._status(self._status_text())
        self.propose_worker()

    @work(thread=True, exclusive=True, group="episode-propose", exit_on_error=False)
    def propose_worker(self) -> None:
        live = self.live
        assert live is not None
        try:
            proposal = live.propose()
        except Exception as exc:  # an agent failing outright: shown, the episode stays as it is
            self.post_message(ActionFailed(engine_error_text(exc)))
            return
        self.post_message(Proposed(proposal.generation if proposal is not None else None))

    def on_proposed(self, message: Proposed) -> None:
        live = self.live
        if self.busy == "proposing":
            self.busy = None
        if live is None or message.generation is None or live.pending is None \
                or live.pending.generation != message.generation:
            self._status(self._status_text())
            return  # overtaken (take-over, cancel)
        if self._to_end and not self._cancel.is_set():
            self._apply(live.approve)
            return
        self.refresh_all()

    def _apply(self, do: Any) -> None:
        self.busy = "running" if self._to_end else "applying"
        self._status(self._status_text())
        self.apply_worker(do)

    @work(thread=True, exclusive=True, group="episode-apply", exit_on_error=False)
    def apply_worker(self, do: Any) -> None:
        try:
            do()
        except Exception as exc:  # an engine refusal (wrong turn, over): a notification
            self.post_message(ActionFailed(engine_error_text(exc)))
            return
        self.post_message(Applied())

    def on_applied(self, message: Applied) -> None:
        self.busy = None
        if self._take_over_next:
            self._take_over_next = False
            self.action_take_over()
            return
        self.refresh_all()
        self._after_change()

    def _after_change(self) -> None:
        """What follows a change: the automatic side's turn in human and user modes, the next proposal while
        running to the end, the result when the episode is over."""
        live = self.live
        if live is None:
            return
        if live.done:
            self._to_end = False
            if live.outcome is not None and live.mode != "replay":
                reward = live.outcome.reward
                self.notify(f"Episode over: {live.outcome.end_reason}" + (
                    f", reward {reward:g}" if reward is not None else " (not scored)"),
                    severity="information" if (reward or 0) >= 1 else "warning", timeout=5)
            return
        if not live.automatic_turn:
            self._to_end = False
            if live.person_turn:
                self._focus_composer()
            return
        if self._to_end and not self._cancel.is_set():
            self._propose()
        elif live.mode in ("human", "user") and not live.taken_over:
            self.busy = "applying"
            self._status(self._status_text())
            self._apply(live.advance)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.busy = None
        self._to_end = False
        self.refresh_all()
        self.notify(message.error, title="Episode", severity="error", timeout=6)

    def _need_pending(self) -> bool:
        live = self.live
        if live is None or live.pending is None:
            self.notify(f"Nothing is proposed: {self._keys('episode.next')} asks the agent first.", timeout=3)
            return False
        if self.busy:
            self.notify("Still working on the previous step.", timeout=2)
            return False
        return True

    def action_approve(self) -> None:
        if self._need_pending():
            live = self.live
            assert live is not None
            self._apply(live.approve)

    def action_edit(self) -> None:
        if not self._need_pending():
            return
        live = self.live
        assert live is not None and live.pending is not None

        def edited(action: Action | None) -> None:
            if action is not None and live.pending is not None:
                self._apply(lambda: live.edit(action))

        self.app.push_screen(EditAction(live.pending.action), edited)

    def action_reject(self) -> None:
        if not self._need_pending():
            return
        live = self.live
        assert live is not None

        def rejected(reason: str | None) -> None:
            if reason is not None and live.pending is not None:
                live.reject(reason)
                self.refresh_all()

        self.app.push_screen(AskText("Reject the proposed action", "It is not run. Your reason is recorded and "
                                     "shown to the agent. Enter rejects, esc cancels.", placeholder="why?"),
                             rejected)

    def action_run_to_end(self) -> None:
        live = self.live
        if live is None or live.done:
            return
        if self._to_end:
            self._cancel.set()
            live.pause()
            self._to_end = False
            self.notify("Stopping after the current step.", timeout=2)
            return
        if not live.automatic_turn:
            self.notify("It is a person's turn.", timeout=2)
            return
        self._cancel.clear()
        self._to_end = True
        if live.pending is not None and not self.busy:
            self._apply(live.approve)
        elif not self.busy:
            self._propose()

    def action_toggle_timer(self) -> None:
        live = self.live
        if live is None or not live.live:
            return
        paused = live.toggle_timer()
        self._tick()
        self.notify("Timer paused: active time stops counting (acting resumes it)." if paused else "Timer resumed.",
                    timeout=2)

    # -- seats --------------------------------------------------------------------------------------------------

    def action_take_over(self) -> None:
        live = self.live
        if live is None or not live.live:
            return
        if self.busy in ("applying", "running"):
            self._cancel.set()  # the action in flight finishes first; then the seat changes hands
            live.pause()
            self._to_end = False
            self._take_over_next = True
            self.notify("Taking over after the current step.", timeout=2)
            return
        try:
            live.take_over()
        except Exception as exc:
            self.notify(engine_error_text(exc), severity="error")
            return
        self.busy = None
        self._to_end = False
        self.refresh_all()
        self._focus_composer()

    def action_hand_back(self) -> None:
        live = self.live
        if live is None or not live.live:
            return
        try:
            live.hand_back()
        except Exception as exc:
            self.notify(engine_error_text(exc), severity="error")
            return
        self.refresh_all()
        self.query_one("#ep-trace", StepTrace).focus()

    # -- a person's actions -------------------------------------------------------------------------------------

    @on(Composer.Submitted)
    def _submitted(self, event: Composer.Submitted) -> None:
        live = self.live
        if live is None or not live.person_turn:
            self.notify("It is not your turn.", timeout=2)
            return
        if self.busy:
            self.notify("Still working on the previous step.", timeout=2)
            return
        composer = self._composer_widget()
        if composer is not None and event.action.kind in ("respond", "say", "stop"):
            composer.clear_reply()
        self._apply(lambda: live.act(event.action))

    @on(Composer.Invalid)
    def _invalid(self, event: Composer.Invalid) -> None:
        self.notify(event.error, severity="warning", timeout=3)

    def action_run_query(self) -> None:
        live = self.live
        if live is None or not live.person_turn or live.whose_turn != "agent":
            self.notify("Queries are run in the agent's seat on your turn (take over first).", timeout=3)
            return
        for popup in self.query(CompletionPopup):
            popup.hide()
        composer = self._composer_widget()
        if composer is not None:
            composer.run_query()

    def action_respond(self) -> None:
        live = self.live
        if live is None or not live.person_turn:
            self.notify("It is not your turn.", timeout=2)
            return
        composer = self._composer_widget()
        if composer is not None:
            composer.send_reply()

    def action_compose(self) -> None:
        self._focus_composer()

    def action_reply(self) -> None:
        self._focus_composer(reply=True)

    def _focus_composer(self, reply: bool = False) -> None:
        live = self.live
        composer = self._composer_widget()
        if composer is None or not composer.display:
            return
        if self.narrow:
            self.pane = "conversation"
            self._layout()
        if reply or (live is not None and live.whose_turn == "user"):
            self.query_one("#ep-respond").focus()
        else:
            composer.editor.focus()

    # -- replay and fork ----------------------------------------------------------------------------------------

    def action_replay(self, delta: int) -> None:
        live = self.live
        if live is None:
            return
        trace = self.query_one("#ep-trace", StepTrace)
        trace.move_cursor(trace.cursor_row + delta)

    def action_replay_to(self, where: str) -> None:
        trace = self.query_one("#ep-trace", StepTrace)
        if where == "first":
            trace.action_first()
        else:
            trace.action_last()

    def action_fork(self) -> None:
        live = self.live
        if live is None or live.episode_id is None:
            return
        at = self._selected if self._selected is not None else len(live.steps) - 1
        if at >= len(live.steps):
            at = len(live.steps) - 1
        if self.busy:
            self.notify("Still working on the previous step.", timeout=2)
            return
        if live.backend is None:
            if self._fork_at is None:
                self.notify("Opening the org to fork…", timeout=3)
                self.open_org(start=False)
            self._fork_at = at
            return
        self._fork(at)

    def _fork(self, at: int) -> None:
        live = self.live
        assert live is not None
        try:
            fork = live.fork(at, backend=live.backend)
        except Exception as exc:
            self.notify(engine_error_text(exc), title="Fork", severity="error")
            return
        self.notify(f"Forked from step {at}: you have the agent's seat.", timeout=3)
        request = EpisodeRequest("human", fork.instance, episode_id=fork.episode_id, blind=self.request.blind,
                                 player=self.request.player)
        self.app.push_screen(EpisodeScreen(request, live=fork, session=self.session))

    # -- panes, copy, back --------------------------------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        if pane not in PANES:
            return
        self.pane = pane
        self._layout()
        if pane == "conversation":
            composer = self._composer_widget()
            if composer is not None and composer.display:
                self._focus_composer()
            else:
                self.query_one(Conversation).focus()
        elif pane == "trace":
            self.query_one("#ep-trace").focus()
        else:
            self.query_one("#ep-results").focus()

    async def action_toggle_schema(self) -> None:
        """Show or hide the schema browser (built the first time it is shown)."""
        if self.schema is None:
            self.notify("The schema is still loading.", timeout=2)
            return
        if not self._schema_loaded:
            await self.query_one("#ep-body").mount(SchemaBrowser(id="ep-schema"), before=0)
            self.query_one(SchemaBrowser).load(self.schema)
            self._schema_loaded = True
            self.query_one(SchemaBrowser).display = False
        schema = self.query_one(SchemaBrowser)
        schema.display = not schema.display
        if schema.display:
            self.query_one("#schema-tree").focus()
        else:
            self.query_one("#ep-trace").focus()

    @on(SchemaBrowser.Insert)
    def _insert_name(self, event: SchemaBrowser.Insert) -> None:
        composer = self._composer_widget()
        if composer is not None and composer.display and composer.seat == "agent":
            composer.editor.insert(event.text)
            composer.editor.focus()

    def action_toggle_card(self) -> None:
        self.card_shown = not self.card_shown
        self._layout()

    def _copy(self, text: str, what: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what} ({len(text):,} characters)", timeout=2)

    def action_copy_cell(self) -> None:
        grid = self.query_one("#ep-results", Grid)
        if grid.row_count:
            value = grid.cell_value()
            self._copy("" if value is None else format_value(value), grid.columns[grid.cursor_column])

    def action_copy_query(self) -> None:
        live = self.live
        if live is not None and self._selected is not None and self._selected < len(live.steps):
            step = live.steps[self._selected]
            if isinstance(step.arguments, dict) and isinstance(step.arguments.get("query"), str):
                self._copy(step.arguments["query"], "the step's query")
                return
            if step.kind == "tool_call":
                self._copy(json.dumps({"tool": step.tool, "arguments": step.arguments}, ensure_ascii=False),
                           "the tool call")
                return
        composer = self._composer_widget()
        text = composer.editor.text if composer is not None else ""
        if text.strip():
            self._copy(text, "the query")

    def action_copy_reply(self) -> None:
        live = self.live
        if live is None:
            return
        for step in reversed(live.shown_steps):
            if step.kind == "respond":
                self._copy(step.answer or "", "the reply")
                return
        self.notify("No reply yet.", timeout=2)

    def action_back(self) -> None:
        focused = self.focused
        composer = self._composer_widget()
        if focused is not None and composer is not None and composer in focused.ancestors_with_self:
            self.action_focus_pane("trace")
            return
        for schema in self.query(SchemaBrowser):
            if schema.display:
                schema.display = False
                self.query_one("#ep-trace").focus()
                return
        live = self.live
        if live is not None and live.live:
            def chosen(choice: str | None) -> None:
                if choice == "abandon":
                    self._cancel.set()
                    live.pause()
                    live.cancel_proposal()
                    live.abandon()
                    self._leave()
                elif choice == "keep":
                    self._cancel.set()
                    live.pause()
                    live.cancel_proposal()
                    if not live.pause_timer():  # a pause saves the count so far; an open pause was saved already
                        live.save_progress()
                    self._leave()

            self.app.push_screen(ConfirmLeave(), chosen)
            return
        self._leave()

    def _leave(self) -> None:
        live = self.live
        finished = live is not None and (live.mode == "replay" or (
            live.outcome is not None and live.outcome.end_reason != END_ABANDONED))
        episode_id = live.episode_id if live is not None and finished else None
        if self.request.on_done is not None:
            self.request.on_done(episode_id)
        self.dismiss(episode_id)

    # -- bindings shown -----------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide (False) what does not apply to this episode now; everything else is available."""
        live = self.live
        if live is None:
            return action in ("back", "toggle_schema", "toggle_card", "focus_pane")  # the rest once it is open
        replay = live.mode == "replay"
        agent_auto = live.engine is not None and bool(getattr(live.engine.agent, "automatic", False))
        applies = {
            "replay": replay,
            "replay_to": replay,
            "fork": live.episode_id is not None and (replay or live.done),
            "next": live.automatic_turn and live.pending is None,
            "approve": live.pending is not None,
            "edit": live.pending is not None,
            "reject": live.pending is not None,
            "run_to_end": live.automatic_turn or self._to_end,
            "take_over": live.live and agent_auto and not live.taken_over,
            "hand_back": live.live and live.taken_over,
            "toggle_timer": live.live,
            "run_query": live.person_turn and live.whose_turn == "agent",
            "respond": live.person_turn,
            "compose": live.person_turn,
            "reply": live.person_turn,
        }
        return applies.get(action, True)

    # -- command palette ----------------------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        k = self._keys
        entries = [
            ("next", "Episode: next step", "The agent proposes its next action", "episode.next", self.action_next),
            ("approve", "Episode: approve", "Run the proposed action", "episode.approve", self.action_approve),
            ("edit", "Episode: edit the proposal", "Edit it as JSON, then run it", "episode.edit", self.action_edit),
            ("reject", "Episode: reject the proposal", "Not run; recorded with a reason", "episode.reject",
             self.action_reject),
            ("run_to_end", "Episode: run to the end", "Approve every action (again: stop)", "episode.run-to-end",
             self.action_run_to_end),
            ("take_over", "Episode: take over", "Take the agent's seat", "episode.take-over", self.action_take_over),
            ("hand_back", "Episode: hand back", "Give the agent's seat back", "episode.hand-back",
             self.action_hand_back),
            ("toggle_timer", "Episode: pause or resume the timer", "Active time", "episode.timer",
             self.action_toggle_timer),
            ("compose", "Episode: write a query", "Focus the query composer", "episode.compose", self.action_compose),
            ("reply", "Episode: write a reply", "Focus the respond box", "episode.reply", self.action_reply),
            ("fork", "Episode: fork from the selected step", "A new live episode", "episode.fork", self.action_fork),
            ("copy_reply", "Episode: copy the reply", "OSC 52 clipboard", "episode.copy-reply", self.action_copy_reply),
            ("copy_query", "Episode: copy the query", "OSC 52 clipboard", "episode.copy-query", self.action_copy_query),
            ("toggle_schema", "Episode: schema browser", "Objects and fields", "episode.schema",
             self.action_toggle_schema),
        ]
        for action, title, help_text, binding_id, callback in entries:
            if self.check_action(action, ()):
                yield SystemCommand(title, f"{help_text} ({k(binding_id)})", callback)
