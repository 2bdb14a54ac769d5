"""A live episode as the app drives it, without Textual: play, step through an agent, replay, fork.

    live = LiveEpisode.open(EpisodeRequest("step", instance), store=store, backend=backend)
    proposal = live.propose()          # in a worker thread; None when overtaken
    live.approve()                     # or live.edit(Action...), live.reject("why")
    live.take_over(); live.act(Action.execute("SELECT ...")); live.hand_back()

Modes:
- `human`: a person sits in the agent's seat (a human baseline); single-turn, or multi-turn against an automatic
  user (scripted or simulated) whose lines `advance()` plays;
- `user`: a person writes the user's lines against an automatic agent (multi-turn); `advance()` plays the agent;
- `step`: an automatic agent proposes each action (`propose()`), shown before it runs; the person approves,
  edits or rejects it; `run_to_end()` approves everything until a person's turn, the end or `pause()`;
- `replay`: a stored episode, read only, with a cursor (`forward`, `back`, `first`, `last`); no engine.
Any live episode can be taken over (`take_over`: a person takes the agent's seat) and handed back; any episode
(live or replayed) forks from a step into a new live episode (`fork`).

A rejected action is not executed. It is recorded as a `system` `error` step whose content tells the agent what
was rejected and why (so an LLM agent sees it as the environment's answer, like a format correction) and whose
meta holds `{"rejected": <the action as JSON>, "reason": ..., "reviewer": ...}`. It does not count towards
the agent's action limit.

Active time: a timer runs while the episode is live; `pause_timer()` / `resume_timer()` stop and restart it (a
person's action resumes it). When the episode ends (finished or abandoned) the store gets `active_ms` and, in the
episode's `extra`, `{"timer": {"active_ms", "pauses": [{"from", "to", "ms"}], "mode"}}`.

Threads: `propose()` may run in a worker thread while the UI thread reads the episode; every other method runs on
one thread at a time (the app's). Every change of the episode bumps a generation counter, so a proposal that was
in flight when the episode changed (or `cancel_proposal()` was called) is discarded instead of applied.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from crmtui.episode.actions import Action
from crmtui.episode.engine import EngineError, EpisodeEngine, Outcome
from crmtui.errors import CrmtuiError
from crmtui.store.model import Episode, Step, now_iso

MODES = ("human", "user", "step", "replay")
MODE_LABELS = {"human": "human", "user": "human user", "step": "agent", "replay": "replay"}


class LiveError(CrmtuiError):
    """Something the live episode cannot do now (nothing proposed, not a person's turn, a replay...)."""


@dataclass
class EpisodeRequest:
    """What the Episode screen opens.

    `mode` is human | user | step | replay. `instance` is the task (None for a replay: it comes from the store).
    `episode_id` names the stored episode to replay, to fork from (with `fork_at`) or to resume (with `resume`).
    `agent` is the automatic agent's spec (user and step modes; `oracle` by default, offline), `user` the user
    actor's spec for multi-turn play (`scripted`, `llm:<model>`; None: single-turn; the user mode always has a
    person in the user's seat). `toolset` (react, functions, functions-fixed) is the agent side's toolset for a
    new episode (default: the agent's own, react for a person). `on_done` is called with the episode id when the
    screen is left.
    """

    mode: str = "human"
    instance: Any = None
    episode_id: str | None = None
    fork_at: int | None = None
    resume: bool = False
    agent: str = "oracle"
    user: str | None = None
    toolset: str | None = None
    blind: bool = False
    player: str | None = None
    on_done: Callable[[str | None], None] | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise LiveError(f"mode must be one of {', '.join(MODES)} (got {self.mode!r})")


def _iso_ms(start: Any, end: str) -> float | None:
    """Milliseconds between two ISO 8601 UTC timestamps (None if the start is unreadable)."""
    try:
        first = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        last = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return round((last - first).total_seconds() * 1000, 3)


class ActiveTimer:
    """Active time with pauses; `clock` is monotonic seconds, `wall` an ISO timestamp (both injectable)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, wall: Callable[[], str] | None = None,
                 running: bool = True) -> None:
        self.clock = clock
        self.wall = wall or now_iso
        self.pauses: list[dict[str, Any]] = []
        self._accumulated = 0.0
        self._since: float | None = clock() if running else None
        self._paused_at: float | None = None
        self.stopped = not running

    @property
    def paused(self) -> bool:
        return self._since is None and not self.stopped

    @property
    def seconds(self) -> float:
        running = self.clock() - self._since if self._since is not None else 0.0
        return self._accumulated + running

    @property
    def active_ms(self) -> float:
        return round(self.seconds * 1000, 3)

    def pause(self) -> bool:
        """Stop counting; True if it was running."""
        if self._since is None:
            return False
        now = self.clock()
        self._accumulated += now - self._since
        self._since = None
        self._paused_at = now
        self.pauses.append({"from": self.wall(), "to": None, "ms": None})
        return True

    def resume(self) -> bool:
        """Count again; True if it was paused."""
        if not self.paused:
            return False
        now = self.clock()
        self._since = now
        last = self.pauses[-1]
        last["to"] = self.wall()
        last["ms"] = round((now - (self._paused_at or now)) * 1000, 3)
        self._paused_at = None
        return True

    def stop(self) -> None:
        """Freeze the count for good (the episode ended); an open pause ends now."""
        if self.stopped:
            return
        if self._since is not None:
            self._accumulated += self.clock() - self._since
            self._since = None
        elif self._paused_at is not None:
            last = self.pauses[-1]
            last["to"] = self.wall()
            last["ms"] = round((self.clock() - self._paused_at) * 1000, 3)
            self._paused_at = None
        self.stopped = True

    def to_json(self) -> dict[str, Any]:
        return {"active_ms": self.active_ms, "pauses": [dict(p) for p in self.pauses]}

    def carry(self, active_ms: float | None, pauses: list[dict[str, Any]] | None) -> None:
        """Continue from a stored count (a resumed episode): its active time and pauses so far. A pause left open
        when the episode was put aside ends now."""
        self._accumulated += (active_ms or 0.0) / 1000
        carried = [dict(p) for p in pauses or []]
        for pause in carried:
            if pause.get("to") is None:
                pause["to"] = self.wall()
                pause["ms"] = _iso_ms(pause.get("from"), pause["to"])
        self.pauses = carried + self.pauses


@dataclass
class Proposal:
    """An action an automatic actor proposed, waiting for approval; `generation` says which state it answers."""

    action: Action
    actor: str  # agent | user
    generation: int
    seconds: float = 0.0


@dataclass
class _Seats:
    agent: Any
    user: Any
    multi_turn: bool


def _seats(request: EpisodeRequest, store: Any) -> _Seats:
    """Who sits where. A resumed or forked episode keeps its turn mode: a multi-turn one gets the user it had
    (by its stored name; scripted if unknown), unless the request names one."""
    from crmtui.episode.actors import HumanActor, make_agent
    from crmtui.episode.users import HumanUser, make_user

    user_spec = request.user
    multi: bool | None = None
    if request.episode_id is not None and (request.resume or request.fork_at is not None):
        stored = store.get_episode(request.episode_id, steps=False)
        config = stored.config if isinstance(stored.config, dict) else {}
        multi = bool(config.get("multi_turn", stored.user_kind is not None))
        if multi and user_spec is None and request.mode != "user":
            name = config.get("user")  # an automatic user plays on; a person who played the user is replaced
            automatic = name == "scripted" or (isinstance(name, str) and name.startswith("llm:"))
            user_spec = name if automatic else "scripted"
        elif not multi:
            user_spec = None
    if request.mode == "human":
        agent: Any = HumanActor(request.player)
        user = make_user(user_spec, store=store)
    elif request.mode == "user":
        agent = make_agent(request.agent, store=store)
        user = HumanUser(request.player) if multi is not False else None
    else:
        agent = make_agent(request.agent, store=store)
        user = make_user(user_spec, store=store)
    return _Seats(agent, user, user is not None)


class LiveEpisode:
    """One episode on the Episode screen. See the module docstring."""

    def __init__(self, mode: str, *, instance: Any = None, store: Any = None, backend: Any = None,
                 engine: EpisodeEngine | None = None, source: Episode | None = None, player: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if mode not in MODES:
            raise LiveError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
        self.mode = mode
        self.instance = instance
        self.store = store
        self.backend = backend
        self.engine: EpisodeEngine | None = None
        self.source = source
        self.player = player
        self.clock = clock
        self.timer = ActiveTimer(clock, running=mode != "replay")
        self.pending: Proposal | None = None
        self.cursor = 0  # the replay position (index of the last step shown)
        self._generation = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        if source is not None and source.steps:
            self.cursor = len(source.steps) - 1
        if engine is not None:
            self._attach(engine)

    def _attach(self, engine: EpisodeEngine) -> None:
        """Play on `engine`; when it ends, the store gets this episode's active time and pauses."""
        self.engine = engine
        engine.active_time = self._active_time

    def _active_time(self) -> tuple[float, dict[str, Any]]:
        self.timer.stop()
        return self.timer.active_ms, {"timer": {**self.timer.to_json(), "mode": self.mode}}

    # -- opening ------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, request: EpisodeRequest, *, store: Any, backend: Any = None,
             clock: Callable[[], float] = time.monotonic) -> LiveEpisode:
        """A live episode (started, resumed or forked in the store) or a replay, as `request` says."""
        if request.mode == "replay":
            if request.episode_id is None:
                raise LiveError("a replay needs the id of a stored episode")
            return cls.replay(store, request.episode_id, instance=request.instance, backend=backend)
        instance = request.instance
        if instance is None and request.episode_id is not None:
            instance = store.get_task(store.get_episode(request.episode_id, steps=False).task_id or "")
        if instance is None:
            raise LiveError("a live episode needs a task")
        if backend is None:
            raise LiveError("a live episode needs an org backend")
        live = cls(request.mode, instance=instance, store=store, backend=backend, player=request.player, clock=clock)
        seats = _seats(request, store)
        options: dict[str, Any] = {"user": seats.user, "player": request.player}
        if request.episode_id is not None and request.fork_at is not None:
            live._attach(EpisodeEngine.fork(store, request.episode_id, request.fork_at, instance, backend,
                                            seats.agent, multi_turn=seats.multi_turn, **options))
        elif request.episode_id is not None and request.resume:
            live._attach(EpisodeEngine.resume(store, request.episode_id, instance, backend, seats.agent,
                                              multi_turn=seats.multi_turn, **options))
            stored = store.get_episode(request.episode_id, steps=False)
            timer = (stored.extra or {}).get("timer") if isinstance(stored.extra, dict) else None
            live.timer.carry(stored.active_ms, (timer or {}).get("pauses"))
        else:
            live._attach(EpisodeEngine(instance, backend, seats.agent, store=store, toolset=request.toolset,
                                       multi_turn=seats.multi_turn, labels={"mode": request.mode}, **options))
        live.cursor = max(0, len(live.steps) - 1)
        return live

    @classmethod
    def replay(cls, store: Any, episode_id: str, *, instance: Any = None, backend: Any = None) -> LiveEpisode:
        """A stored episode, read only, the cursor on its first step."""
        source = store.get_episode(episode_id, steps=True)
        if instance is None and source.task_id:
            instance = store.get_task(source.task_id)
        live = cls("replay", instance=instance, store=store, backend=backend, source=source)
        live.cursor = 0
        return live

    # -- state --------------------------------------------------------------------------------------------------

    @property
    def steps(self) -> list[Step]:
        if self.engine is not None:
            return self.engine.steps
        return (self.source.steps or []) if self.source is not None else []

    @property
    def shown_steps(self) -> list[Step]:
        """The steps on screen: in a replay up to the cursor, else all of them."""
        return self.steps[:self.cursor + 1] if self.mode == "replay" else self.steps

    @property
    def episode_id(self) -> str | None:
        if self.engine is not None:
            return self.engine.episode_id
        return self.source.id if self.source is not None else None

    @property
    def live(self) -> bool:
        return self.engine is not None and not self.engine.done

    @property
    def done(self) -> bool:
        return self.engine is None or self.engine.done

    @property
    def outcome(self) -> Outcome | None:
        return self.engine.outcome if self.engine is not None else None

    @property
    def whose_turn(self) -> str | None:
        return self.engine.whose_turn if self.engine is not None else None

    def _actor(self, side: str | None) -> Any:
        if self.engine is None or side is None:
            return None
        return self.engine.agent if side == "agent" else self.engine.user

    @property
    def person_turn(self) -> bool:
        """Whether the episode waits for a person (the actor whose turn it is is not automatic)."""
        actor = self._actor(self.whose_turn)
        return self.live and actor is not None and not getattr(actor, "automatic", False)

    @property
    def automatic_turn(self) -> bool:
        actor = self._actor(self.whose_turn)
        return self.live and actor is not None and bool(getattr(actor, "automatic", False))

    @property
    def taken_over(self) -> bool:
        """A person sits in the agent's seat after taking it over (hand_back gives it back)."""
        return self.engine is not None and self.engine.taken_over

    @property
    def agent_name(self) -> str:
        if self.engine is not None:
            return str(getattr(self.engine.agent, "name", "human"))
        if self.source is not None:
            return self.source.agent_model or self.source.agent_kind
        return "-"

    @property
    def reward(self) -> float | None:
        if self.engine is not None:
            return self.engine.outcome.reward if self.engine.outcome is not None else None
        return self.source.reward if self.source is not None else None

    @property
    def active_ms(self) -> float:
        if self.mode == "replay" and self.source is not None:
            return float(self.source.active_ms or 0.0)
        return self.timer.active_ms

    def _changed(self) -> None:
        """The episode changed: any proposal in flight is stale."""
        with self._lock:
            self._generation += 1
            self.pending = None

    def _need_engine(self) -> EpisodeEngine:
        if self.engine is None:
            raise LiveError("a replay cannot be played: fork it to continue from a step")
        if self.engine.done:
            raise LiveError("the episode is over")
        return self.engine

    def _settle(self, steps: list[Step]) -> list[Step]:
        self.cursor = max(0, len(self.steps) - 1)
        if self.engine is not None and self.engine.done:
            self.timer.stop()
        else:
            self.save_progress()
        return steps

    def save_progress(self) -> None:
        """Store the active time so far with the running episode (resuming it continues the count)."""
        if self.live and self.store is not None and self.episode_id is not None:
            self.store.save_progress(self.episode_id, active_ms=self.timer.active_ms,
                                     extra={"timer": {**self.timer.to_json(), "mode": self.mode}})

    # -- the timer ----------------------------------------------------------------------------------------------

    def pause_timer(self) -> bool:
        paused = self.timer.pause() if self.live else False
        if paused:
            self.save_progress()
        return paused

    def resume_timer(self) -> bool:
        return self.timer.resume() if self.live else False

    def toggle_timer(self) -> bool:
        """Pause or resume the timer; returns whether it is now paused."""
        if self.timer.paused:
            self.resume_timer()
        else:
            self.pause_timer()
        return self.timer.paused

    # -- a person's actions -------------------------------------------------------------------------------------

    def act(self, action: Action) -> list[Step]:
        """A person's action on the side whose turn it is (the agent's seat, or the user's)."""
        engine = self._need_engine()
        if not self.person_turn:
            raise LiveError(f"it is the {engine.whose_turn}'s turn, played automatically: take over first")
        self.timer.resume()
        self._changed()
        return self._settle(engine.apply(action))

    # -- automatic actors ---------------------------------------------------------------------------------------

    def propose(self) -> Proposal | None:
        """Ask the automatic actor whose turn it is for its next action (safe in a worker thread).

        Returns the proposal (also kept as `pending`), or None when the episode changed meanwhile."""
        engine = self._need_engine()
        if not self.automatic_turn:
            raise LiveError(f"it is a person's turn ({engine.whose_turn})")
        with self._lock:
            generation = self._generation
            side = engine.whose_turn or "agent"
        start = self.clock()
        action = engine.propose()
        proposal = Proposal(action, side, generation, self.clock() - start)
        with self._lock:
            if generation != self._generation:
                return None
            self.pending = proposal
        return proposal

    def cancel_proposal(self) -> None:
        """Forget the pending proposal and discard any that is still being made."""
        self._changed()

    @property
    def generation(self) -> int:
        return self._generation

    def _take_pending(self) -> Proposal:
        with self._lock:
            proposal = self.pending
        if proposal is None:
            raise LiveError("nothing is proposed: ask the agent for its next step first")
        return proposal

    def approve(self) -> list[Step]:
        """Run the pending proposal as it is."""
        proposal = self._take_pending()
        engine = self._need_engine()
        self._changed()
        return self._settle(engine.apply(proposal.action))

    def edit(self, action: Action) -> list[Step]:
        """Run an edited version of the pending proposal instead (recorded with `meta.edited` = the original)."""
        proposal = self._take_pending()
        engine = self._need_engine()
        edited = replace(action, meta={**action.meta, "edited": {"original": proposal.action.to_json(),
                                                                 "by": self.player or "human"}})
        self._changed()
        return self._settle(engine.apply(edited))

    def reject(self, reason: str = "") -> Step:
        """Do not run the pending proposal; record the rejection (a system error step the agent sees)."""
        proposal = self._take_pending()
        engine = self._need_engine()
        action = proposal.action
        shown = action.text or action.query or (f"{action.tool}({action.arguments})" if action.tool else None) \
            or action.content or action.kind
        why = reason.strip() or "no reason given"
        content = (f"A reviewer rejected your proposed action ({shown.strip()}): {why}. It was not executed; "
                   "propose another action.")
        self._changed()
        step = engine.record(Step("system", "error", content=content, meta={
            "rejected": action.to_json(), "reason": reason.strip() or None, "reviewer": self.player or "human",
            "side": proposal.actor}))
        self._settle([step])
        return step

    def advance(self) -> list[Step]:
        """Propose and run one automatic action without review (the other side of a person's play)."""
        self._need_engine()
        proposal = self.propose()
        if proposal is None:
            return []
        return self.approve()

    def run_to_end(self, cancel: threading.Event | None = None,
                   on_step: Callable[[list[Step]], None] | None = None) -> Outcome | None:
        """Approve the pending proposal, then propose and run automatic actions until the episode ends, a person's
        turn comes, `cancel` is set or `pause()` is called. Returns the outcome if the episode ended."""
        self._stop.clear()
        engine = self._need_engine()
        if self.pending is not None:
            steps = self.approve()
            if on_step is not None:
                on_step(steps)
        while not engine.done and self.automatic_turn:
            if self._stop.is_set() or (cancel is not None and cancel.is_set()):
                break
            steps = self.advance()
            if on_step is not None:
                on_step(steps)
        return engine.outcome

    def pause(self) -> None:
        """Stop `run_to_end` after the step in progress."""
        self._stop.set()

    # -- seats --------------------------------------------------------------------------------------------------

    def take_over(self) -> Step:
        """A person takes the agent's seat (a pending proposal is dropped)."""
        engine = self._need_engine()
        self._changed()
        return self._settle([engine.take_over(self.player)])[0]

    def hand_back(self) -> Step:
        """Give the agent's seat back to the automatic agent that had it."""
        engine = self._need_engine()
        self._changed()
        return self._settle([engine.hand_back()])[0]

    def abandon(self) -> None:
        """Stop without scoring; the store keeps the episode as abandoned."""
        if self.engine is not None and not self.engine.done:
            self._changed()
            self.engine.abandon()
            self.timer.stop()

    # -- replay cursor ------------------------------------------------------------------------------------------

    def move(self, position: int) -> int:
        self.cursor = max(0, min(position, len(self.steps) - 1))
        return self.cursor

    def forward(self, n: int = 1) -> int:
        return self.move(self.cursor + n)

    def back(self, n: int = 1) -> int:
        return self.move(self.cursor - n)

    def first(self) -> int:
        return self.move(0)

    def last(self) -> int:
        return self.move(len(self.steps) - 1)

    # -- forking ------------------------------------------------------------------------------------------------

    def fork(self, at_step: int, *, mode: str = "human", agent: str = "oracle", user: str | None = None,
             backend: Any = None, clock: Callable[[], float] | None = None) -> LiveEpisode:
        """A new live episode that continues this one's stored steps 0..at_step (inclusive).

        In a multi-turn episode the user's seat goes to `user` (default: the user it had if that is scripted,
        else scripted; a person in user mode)."""
        episode_id = self.episode_id
        if episode_id is None or self.store is None:
            raise LiveError("only a stored episode can be forked")
        if not 0 <= at_step < len(self.steps):
            raise LiveError(f"no step {at_step}: the episode has {len(self.steps)} steps")
        if self.instance is None:
            raise LiveError("the episode's task is not in the transcript DB: it cannot be played on")
        request = EpisodeRequest(mode, self.instance, episode_id=episode_id, fork_at=at_step, agent=agent,
                                 user=user, player=self.player)
        return LiveEpisode.open(request, store=self.store, backend=backend or self.backend,
                                clock=clock or self.clock)


def step_label(step: Step) -> str:
    """A short one-line description of a step (trace rows, notifications)."""
    if step.kind == "query":
        return str((step.arguments or {}).get("query", "")) if isinstance(step.arguments, dict) else ""
    if step.kind == "tool_call":
        return f"{step.tool}({_args_text(step.arguments)})"
    if step.kind == "respond":
        return step.answer or ""
    if step.kind in ("takeover", "handback"):
        meta = step.meta or {}
        return f"{step.kind}: {meta.get('from') or meta.get('to') or ''}".rstrip(": ")
    return step.content or step.error or ""


def _args_text(arguments: Any) -> str:
    import json

    if isinstance(arguments, dict):
        return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in arguments.items())
    return "" if arguments is None else str(arguments)


def rows_of(step: Step) -> int | None:
    """How many rows a query or tool step returned (None when it returned no list)."""
    if step.error:
        return None
    obs = step.observation
    if isinstance(obs, list):
        return len(obs)
    return None


def disclosed_values(steps: list[Step], upto: int | None = None) -> set[str]:
    """Every value of a step's result (two characters or more) that appears, as a whole word, in an agent reply
    after that step (so the inspector can mark what went into a reply)."""
    import re

    replies = [(s.index if s.index is not None else n, s.answer or "") for n, s in enumerate(steps)
               if s.kind == "respond"]
    out: set[str] = set()
    if not replies:
        return out
    for n, step in enumerate(steps if upto is None else steps[:upto + 1]):
        if step.observation is None or step.kind not in ("query", "tool_call", "tool_result"):
            continue
        index = step.index if step.index is not None else n
        later = " ".join(text for at, text in replies if at > index)
        if not later:
            continue
        for value in _values(step.observation):
            if len(value) >= 2 and value not in out and value in later and \
                    re.search(rf"(?<!\w){re.escape(value)}(?!\w)", later):
                out.add(value)
    return out


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def engine_error_text(exc: Exception) -> str:
    """The message to show for an error raised while driving an episode."""
    if isinstance(exc, EngineError | LiveError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
