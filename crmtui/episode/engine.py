"""The turn engine: one task, one org, an agent actor (and a user actor in multi-turn play), one action at a time.

    engine = EpisodeEngine(instance, backend, OracleActor(), store=store)
    while not engine.done:
        engine.apply(engine.propose())      # or an Action from a person, through the same apply()
    engine.outcome.reward

State machine: `whose_turn` is "agent", "user" or None (done). The agent acts until it responds; each action
(query, tool call, malformed reply) counts towards `max_agent_actions` (20, as CRMArena) per user turn. In
single-turn play the first `respond` ends the episode; in multi-turn play it goes to the user, who answers or
stops (###STOP###); at most `max_user_turns` (10) user messages. API failures end the episode with an error step
and an end reason, never an exception. When the episode ends it is scored (crmtui.judge) and sealed in the store.

Every applied action becomes one or more steps (the store's step model), committed to the store as it happens:
step 0 is the system prompt, then the user's first message, then agent and user steps. Taking over (a person
takes the agent's seat) and handing back are recorded steps. `fork` starts a new episode from step N of a stored
one (the store copies steps 0..N, the engine restores its state from them), and `resume` continues an episode
left running.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from crmtui.episode import prompts
from crmtui.episode.actions import AGENT_ACTIONS, USER_ACTIONS, Action
from crmtui.episode.observations import Observation, record_types, with_types
from crmtui.episode.toolsets import RESPOND, ToolArgumentError, Toolset, make_toolset, parse_arguments
from crmtui.errors import CrmtuiError
from crmtui.store.model import Step, now_iso

END_SUBMIT = "Submit action"
END_MAX_TURNS = "Max turns reached"
END_MAX_USER_TURNS = "Max user turns reached"
END_API_ERROR = "API error"
END_USER_API_ERROR = "User API error"
END_ABANDONED = "Abandoned"


class EngineError(CrmtuiError):
    """An action the engine cannot take now (wrong turn, episode over, a human's turn asked of propose())."""


@dataclass
class Limits:
    max_agent_actions: int = 20  # per user turn (CRMArena's max_turns)
    max_user_turns: int = 10  # user messages in a conversation (CRMArena's max_user_turns)


@dataclass
class Outcome:
    """How an episode ended and what it scored."""

    episode_id: str | None
    end_reason: str
    final_answer: str | None
    reward: float | None
    metric: str
    detail: dict[str, Any] = field(default_factory=dict)
    steps: int = 0
    agent_actions: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    duration_ms: float = 0.0

    @property
    def success(self) -> bool:
        return self.reward is not None and self.reward >= 1.0


def _actor_kind(actor: Any) -> str:
    return getattr(actor, "kind", "human")


class EpisodeEngine:
    """One episode in play. See the module docstring."""

    def __init__(self, instance: Any, backend: Any, agent: Any, *, user: Any = None, toolset: str | None = None,
                 schema: Any = None, store: Any = None, multi_turn: bool | None = None, privacy_aware: bool = False,
                 aided: bool = False, limits: Limits | None = None, judge: Any = None, org_hash: str | None = None,
                 player: str | None = None, labels: dict[str, Any] | None = None, start: bool = True) -> None:
        self.instance = instance
        self.backend = backend
        self.agent = agent
        self.user = user
        self.schema = schema if schema is not None else _backend_schema(backend, instance)
        self.toolset: Toolset = make_toolset(toolset or getattr(agent, "toolset", None) or "react", backend)
        self._raw = self.toolset if "execute" in self.toolset else make_toolset("react", backend)
        self.store = store
        self.multi_turn = (user is not None) if multi_turn is None else multi_turn
        if self.multi_turn and user is None:
            raise EngineError("multi-turn play needs a user actor (scripted, llm:<model> or human)")
        self.privacy_aware = privacy_aware
        self.aided = aided
        self.limits = limits or Limits()
        self.judge = judge
        self.org_hash = org_hash
        self.player = player
        self.labels = dict(labels or {})
        self.steps: list[Step] = []
        self.observations: dict[int, Observation] = {}
        self.episode_id: str | None = None
        self.whose_turn: str | None = None
        self.agent_actions = 0  # since the last user message
        self.agent_actions_total = 0
        self.user_turns = 0
        self.final_answer: str | None = None
        self.outcome: Outcome | None = None
        self.divergences: list[dict[str, Any]] = []
        self.timing = {"tools": 0.0, "store": 0.0, "judge": 0.0, "actors": 0.0, "total": 0.0}
        self._previous_agent: Any = None
        self._started = time.perf_counter()
        #: Where a person's active time comes from (the app's pausable timer): called when the episode ends, it
        #: returns the active milliseconds and what to keep in the episode's `extra` (the pauses). Without it the
        #: active time is the wall time since the engine started.
        self.active_time: Callable[[], tuple[float, dict[str, Any]]] | None = None
        if start:
            self.start()

    # -- identity -----------------------------------------------------------------------------------------------

    @property
    def prompt_variant(self) -> str:
        mode = "multi" if self.multi_turn else "single"
        extras = "".join(f"+{name}" for name, on in (("privacy", self.privacy_aware), ("aided", self.aided)) if on)
        return f"{prompts.PROMPT_VERSION}:{self.toolset.name}:{mode}{extras}"

    def config(self) -> dict[str, Any]:
        return {"prompt_version": prompts.PROMPT_VERSION, "toolset": self.toolset.name,
                "multi_turn": self.multi_turn, "privacy_aware": self.privacy_aware, "aided": self.aided,
                "max_agent_actions": self.limits.max_agent_actions, "max_user_turns": self.limits.max_user_turns,
                "agent": getattr(self.agent, "name", "human"), "user": getattr(self.user, "name", None),
                **self.labels}

    @property
    def done(self) -> bool:
        return self.outcome is not None

    # -- start --------------------------------------------------------------------------------------------------

    def system_prompt(self) -> str:
        return prompts.agent_system_prompt(self.instance, self.schema, toolset=self.toolset.name,
                                           multi_turn=self.multi_turn, privacy_aware=self.privacy_aware,
                                           aided=self.aided)

    def start(self) -> None:
        """Open the episode (in the store when there is one) and record the system prompt and first message."""
        if self.store is not None:
            t = time.perf_counter()
            ep = self.store.start_episode(
                task=self.instance, org_kind=getattr(self.instance, "org", None), org_hash=self.org_hash,
                toolset=self.toolset.name, agent_kind=_actor_kind(self.agent), agent_model=getattr(
                    self.agent, "model", None), prompt_variant=self.prompt_variant,
                user_kind=_actor_kind(self.user) if self.user is not None else None,
                user_model=getattr(self.user, "model", None), player=self.player, config=self.config())
            self.episode_id = ep.id
            self.timing["store"] += time.perf_counter() - t
        self._record(Step("system", "message", content=self.system_prompt(),
                          meta={"prompt_version": prompts.PROMPT_VERSION, "variant": self.prompt_variant}))
        if self.multi_turn:
            self.whose_turn = "user"
        else:
            self._record(Step("user", "message", content=self.instance.query))
            self.user_turns = 1
            self.whose_turn = "agent"

    # -- recording ----------------------------------------------------------------------------------------------

    def _record(self, step: Step) -> Step:
        if self.store is not None and self.episode_id is not None:
            t = time.perf_counter()
            stored = self.store.append_step(self.episode_id, step)
            self.timing["store"] += time.perf_counter() - t
        else:
            stored = replace(step, index=len(self.steps), ended_at=step.ended_at or now_iso())
        self.steps.append(stored)
        return stored

    def record(self, step: Step) -> Step:
        """Record a step that is not an action of the actor whose turn it is (a reviewer's rejection of a proposed
        action, shown to the agent as an environment error). It changes no turn state."""
        return self._record(step)

    @property
    def taken_over(self) -> bool:
        """A person sits in the agent's seat after a take-over (hand_back gives it back)."""
        return self._previous_agent is not None and _actor_kind(self.agent) == "human"

    def messages(self) -> list[dict[str, Any]]:
        """The conversation so far as chat messages (CRMArena's trajectory format)."""
        from crmtui.store.crmarena import render_traj

        return render_traj(self.steps)

    @property
    def agent_actor(self) -> str:
        return "human" if _actor_kind(self.agent) == "human" else "agent"

    # -- turns --------------------------------------------------------------------------------------------------

    def propose(self) -> Action:
        """The next action of the automatic actor whose turn it is."""
        if self.done:
            raise EngineError("the episode is over")
        actor = self.agent if self.whose_turn == "agent" else self.user
        if actor is None or not getattr(actor, "automatic", False):
            raise EngineError(f"it is a person's turn ({self.whose_turn}): their action comes through apply()")
        t = time.perf_counter()
        try:
            return actor.act(self)
        finally:
            self.timing["actors"] += time.perf_counter() - t

    def step(self) -> list[Step]:
        return self.apply(self.propose())

    def run(self) -> Outcome:
        """Play automatic actors until the episode ends (EngineError when a person's turn comes)."""
        while not self.done:
            self.step()
        assert self.outcome is not None
        return self.outcome

    def apply(self, action: Action) -> list[Step]:
        """Validate, execute and record one action; end and score the episode when it finishes it."""
        if self.done:
            raise EngineError("the episode is over")
        t = time.perf_counter()
        before = len(self.steps)
        try:
            if self.whose_turn == "agent":
                if action.kind not in AGENT_ACTIONS:
                    raise EngineError(f"it is the agent's turn: {action.kind!r} is not an agent action "
                                      f"({', '.join(AGENT_ACTIONS)})")
                self._agent(action)
            elif self.whose_turn == "user":
                if action.kind not in USER_ACTIONS:
                    raise EngineError(f"it is the user's turn: {action.kind!r} is not a user action "
                                      f"({', '.join(USER_ACTIONS)})")
                self._user(action)
            else:
                raise EngineError("the episode has not started")
        finally:
            self.timing["total"] += time.perf_counter() - t
        return self.steps[before:]

    def _usage(self, action: Action) -> dict[str, Any]:
        return {"prompt_tokens": action.prompt_tokens, "completion_tokens": action.completion_tokens,
                "cost": action.cost}

    def _agent(self, action: Action) -> None:
        actor = self.agent_actor
        meta = dict(action.meta)
        if action.call_id:
            meta["call_id"] = action.call_id
        if action.kind == "error":
            self._record(Step(actor, "error", content=action.text, error=action.error or "unknown error",
                              duration_ms=action.duration_ms, meta=meta, **self._usage(action)))
            self._finish(str(meta.get("end_reason") or END_API_ERROR), {"error": action.error})
            return
        if action.kind == "respond" or (action.kind == "tool_call" and action.tool == RESPOND
                                        and self._respond_args(action) is not None):
            self._respond(action, actor, meta)
            return
        if action.kind == "invalid":
            self._record(Step(actor, "message", content=action.text, duration_ms=action.duration_ms, meta=meta,
                              **self._usage(action)))
            correction = prompts.CORRECTION if self.toolset.name == "react" else prompts.NO_TOOL_CALL
            self._record(Step("system", "error", content=correction))
        elif action.kind == "query":
            self._query(action, actor, meta)
        else:
            self._tool_call(action, actor, meta)
        self.agent_actions += 1
        self.agent_actions_total += 1
        if self.agent_actions >= self.limits.max_agent_actions:
            self._finish(END_MAX_TURNS)

    def _respond_args(self, action: Action) -> dict[str, Any] | None:
        try:
            args = parse_arguments(action.arguments)
        except ToolArgumentError:
            return None
        return args if isinstance(args.get("content"), str) and set(args) == {"content"} else None

    def _respond(self, action: Action, actor: str, meta: dict[str, Any]) -> None:
        if action.kind == "tool_call":
            args = self._respond_args(action) or {}
            content = args.get("content", "")
            tool = RESPOND
        else:
            content = action.content if action.content is not None else ""
            args = {"content": content}
            tool = RESPOND if action.call_id else None
        self._record(Step(actor, "respond", content=action.text, tool=tool, arguments=args,
                          duration_ms=action.duration_ms, meta=meta, **self._usage(action)))
        self.final_answer = content
        self.agent_actions_total += 1
        if not self.multi_turn:
            self._finish(END_SUBMIT)
        elif self.user_turns >= self.limits.max_user_turns:
            self._finish(END_MAX_USER_TURNS)
        else:
            self.agent_actions = 0
            self.whose_turn = "user"

    def _run_tool(self, name: str, arguments: Any, toolset: Toolset | None = None) -> tuple[Observation, float]:
        t = time.perf_counter()
        obs = (toolset or self.toolset).call(name, arguments)
        elapsed = time.perf_counter() - t
        self.timing["tools"] += elapsed
        return obs, elapsed * 1000

    def _query(self, action: Action, actor: str, meta: dict[str, Any]) -> None:
        query = action.query or ""
        # in a function-calling episode a person (or the oracle) may still type SOQL: it runs all the same
        obs, ms = self._run_tool("execute", {"query": query}, self._raw)
        tool = "sosl" if query.lstrip()[:4].upper() == "FIND" else "soql"
        self._observe(Step(actor, "query", content=action.text, tool=tool, arguments={"query": query},
                           duration_ms=(action.duration_ms or 0.0) + ms, meta=meta, **self._usage(action)), obs,
                      action)

    def _tool_call(self, action: Action, actor: str, meta: dict[str, Any]) -> None:
        name = action.tool or ""
        if name == "execute" and "execute" in self.toolset:
            obs, ms = self._run_tool("execute", action.arguments)
        elif name == RESPOND:
            obs, ms = Observation.from_error(None, "Error: respond: the arguments must be a JSON object with one "
                                                   "text field, content"), 0.0
        else:
            obs, ms = self._run_tool(name, action.arguments)
        args: Any = action.arguments
        if isinstance(args, str):
            with contextlib.suppress(ValueError):  # invalid JSON stays the text the model produced
                args = json.loads(args)
        self._observe(Step(actor, "tool_call", content=action.text, tool=name, arguments=args,
                           duration_ms=(action.duration_ms or 0.0) + ms, meta=meta, **self._usage(action)), obs,
                      action)

    def _observe(self, step: Step, obs: Observation, action: Action) -> None:
        raw = step.tool in ("soql", "sosl", "execute", "issue_soql_query", "issue_sosl_query")
        if obs.ok:
            observation: Any = obs.rows() if raw else (obs.value if obs.value is not None else obs.text)
            if obs.records:
                step.meta["types"] = record_types(obs.records)
            if obs.total_size is not None:
                step.meta["total_size"] = obs.total_size
            step = replace(step, observation=observation)
        else:
            step = replace(step, error=obs.error)
        expected = action.meta.get("expected") if isinstance(action.meta, dict) else None
        if isinstance(expected, dict):
            step.meta.pop("expected", None)
            diverged = (_canonical(step.observation), step.error) != (_canonical(expected.get("observation")),
                                                                      expected.get("error"))
            step.meta["replay"] = {"source_step": expected.get("index"), "diverged": diverged}
            if diverged:
                self.divergences.append({"step": len(self.steps), "source_step": expected.get("index"),
                                         "expected_error": expected.get("error"), "error": step.error})
        stored = self._record(step)
        self.observations[stored.index if stored.index is not None else len(self.steps) - 1] = obs

    def _user(self, action: Action) -> None:
        meta = dict(action.meta)
        usage = self._usage(action)
        if action.kind == "error":
            self._record(Step("user", "error", error=action.error or "unknown error", meta=meta, **usage))
            self._finish(str(meta.get("end_reason") or END_USER_API_ERROR), {"error": action.error})
            return
        if action.kind == "stop":
            meta["stop"] = True
            self._record(Step("user", "message", content=action.content or prompts.STOP, meta=meta, **usage))
            self._finish(END_SUBMIT)
            return
        self._record(Step("user", "message", content=action.content or "", duration_ms=action.duration_ms,
                          meta=meta, **usage))
        self.user_turns += 1
        self.agent_actions = 0
        self.whose_turn = "agent"

    # -- take over, hand back -----------------------------------------------------------------------------------

    def take_over(self, player: str | None = None) -> Step:
        """A person takes the agent's seat: later agent-side actions are theirs (actor `human`)."""
        if self.done:
            raise EngineError("the episode is over")
        if _actor_kind(self.agent) == "human":
            raise EngineError("a person already has the agent's seat")
        from crmtui.episode.actors import HumanActor

        step = self._record(Step("human", "takeover", meta={"from": getattr(self.agent, "name", None),
                                                            "player": player or self.player}))
        self._previous_agent = self.agent
        self.agent = HumanActor(player or self.player)
        return step

    def hand_back(self, actor: Any = None) -> Step:
        """Give the agent's seat back (to `actor`, by default the one that had it before the take-over)."""
        if self.done:
            raise EngineError("the episode is over")
        if _actor_kind(self.agent) != "human":
            raise EngineError("no person has the agent's seat")
        actor = actor or self._previous_agent
        if actor is None:
            raise EngineError("nobody to hand back to: name an actor")
        step = self._record(Step("human", "handback", meta={"to": getattr(actor, "name", None),
                                                            "player": getattr(self.agent, "player", None)}))
        self.agent = actor
        return step

    # -- ending -------------------------------------------------------------------------------------------------

    def retrieved_records(self) -> list[dict[str, Any]]:
        """Every record the episode's queries and tools returned (REST-shaped, with `attributes`)."""
        out: list[dict[str, Any]] = []
        for step in self.steps:
            if step.kind not in ("query", "tool_call") or step.error:
                continue
            obs = self.observations.get(step.index if step.index is not None else -1)
            if obs is not None:
                out += obs.records
            elif isinstance(step.observation, list):
                out += with_types(step.observation, (step.meta or {}).get("types"))
        return out

    def full_records(self, step: Step) -> list[dict[str, Any]] | None:
        """A query step's records as the backend returned them (top-level `attributes` removed), or None."""
        obs = self.observations.get(step.index if step.index is not None else -1)
        if obs is not None:
            return [{k: v for k, v in r.items() if k != "attributes"} for r in obs.records]
        return None

    def _score(self) -> Any:
        from crmtui.episode.evidence import evidence
        from crmtui.judge import score

        found = evidence(self.steps, self.retrieved_records())
        return score(self.instance, self.final_answer, found.records, self.schema, messages=found.messages,
                     user_texts=found.user_texts, actions=found.actions, llm=self.judge)

    def _finish(self, reason: str, detail: dict[str, Any] | None = None) -> None:
        t = time.perf_counter()
        result = self._score()
        self.timing["judge"] += time.perf_counter() - t
        self.whose_turn = None
        totals = {"prompt_tokens": sum(s.prompt_tokens or 0 for s in self.steps),
                  "completion_tokens": sum(s.completion_tokens or 0 for s in self.steps),
                  "cost": sum(s.cost or 0.0 for s in self.steps)}
        end_detail = {"source": "user" if reason in (END_USER_API_ERROR,) else "agent", "message": reason,
                      "content": self.final_answer, **(detail or {})}
        if self.divergences:
            end_detail["divergences"] = self.divergences
        elapsed, extra = self._active()
        if self.store is not None and self.episode_id is not None:
            t = time.perf_counter()
            self.store.finish_episode(self.episode_id, end_reason=reason, end_detail=end_detail,
                                      final_answer=self.final_answer, reward=result.reward,
                                      reward_detail=result.to_json(), active_ms=elapsed, extra=extra)
            self.timing["store"] += time.perf_counter() - t
        self.outcome = Outcome(self.episode_id, reason, self.final_answer, result.reward, result.metric,
                               result.detail, len(self.steps), self.agent_actions_total, totals["prompt_tokens"],
                               totals["completion_tokens"], totals["cost"], elapsed)

    def _active(self) -> tuple[float, dict[str, Any] | None]:
        if self.active_time is not None:
            return self.active_time()
        return (time.perf_counter() - self._started) * 1000, None

    def abandon(self, reason: str = END_ABANDONED) -> None:
        """Stop without scoring (a person quits); the store keeps the episode as abandoned."""
        if self.done:
            return
        self.whose_turn = None
        if self.store is not None and self.episode_id is not None:
            active_ms, extra = self._active()
            self.store.finish_episode(self.episode_id, status="abandoned", end_reason=reason, active_ms=active_ms,
                                      extra=extra)
        self.outcome = Outcome(self.episode_id, reason, self.final_answer, None, self.instance.reward_metric,
                               {}, len(self.steps), self.agent_actions_total)

    # -- fork and resume ----------------------------------------------------------------------------------------

    @classmethod
    def fork(cls, store: Any, parent_id: str, at_step: int, instance: Any, backend: Any, agent: Any, *,
             user: Any = None, **options: Any) -> EpisodeEngine:
        """A new episode continuing a stored one from step `at_step` (inclusive), with `agent` (and `user`)."""
        parent = store.get_episode(parent_id, steps=False)
        config = parent.config if isinstance(parent.config, dict) else {}
        options = {**_options_from_config(config), **options}
        engine = cls(instance, backend, agent, user=user, store=store, start=False, **options)
        ep = store.fork_episode(parent_id, at_step, agent_kind=_actor_kind(agent),
                                agent_model=getattr(agent, "model", None),
                                user_kind=_actor_kind(user) if user is not None else None,
                                user_model=getattr(user, "model", None), config=engine.config())
        engine._adopt(ep.id, ep.steps or [])
        return engine

    @classmethod
    def resume(cls, store: Any, episode_id: str, instance: Any, backend: Any, agent: Any, *, user: Any = None,
               **options: Any) -> EpisodeEngine:
        """Continue an episode left running (after a crash or a pause)."""
        ep = store.get_episode(episode_id, steps=True)
        if ep.status != "running":
            raise EngineError(f"episode {episode_id} is {ep.status}: it cannot be resumed (fork it instead)")
        config = ep.config if isinstance(ep.config, dict) else {}
        options = {**_options_from_config(config), **options}
        engine = cls(instance, backend, agent, user=user, store=store, start=False, **options)
        engine._adopt(ep.id, ep.steps or [])
        engine._reseat()
        return engine

    def _reseat(self) -> None:
        """A resumed episode whose last seat change was a take-over goes on with a person in the agent's seat
        (`agent` becomes the one a hand-back returns to)."""
        from crmtui.episode.actors import HumanActor

        seat = [s for s in self.steps if s.kind in ("takeover", "handback")]
        if seat and seat[-1].kind == "takeover" and _actor_kind(self.agent) != "human":
            self._previous_agent = self.agent
            self.agent = HumanActor(self.player or (seat[-1].meta or {}).get("player"))

    def _adopt(self, episode_id: str, steps: list[Step]) -> None:
        """Take over a stored episode's steps and derive the turn state from them."""
        self.episode_id = episode_id
        self.steps = list(steps)
        self.whose_turn = "user" if self.multi_turn else "agent"
        ended = None
        for s in self.steps:
            if s.actor == "system":
                continue
            if s.actor == "user" and s.kind == "message":
                if (s.meta or {}).get("stop"):
                    ended = END_SUBMIT
                    break
                self.user_turns += 1
                self.agent_actions = 0
                self.whose_turn = "agent"
            elif s.actor == "user" and s.kind == "error":
                ended = END_USER_API_ERROR
            elif s.kind == "respond":
                self.final_answer = s.answer
                self.agent_actions_total += 1
                self.agent_actions = 0
                self.whose_turn = "user"
                if not self.multi_turn:
                    ended = END_SUBMIT
            elif s.kind in ("query", "tool_call", "message"):
                self.agent_actions += 1
                self.agent_actions_total += 1
            elif s.kind == "error" and s.actor in ("agent", "human"):
                ended = END_API_ERROR
        if ended is None and self.multi_turn and self.whose_turn == "user" and \
                self.user_turns >= self.limits.max_user_turns and self.final_answer is not None:
            ended = END_MAX_USER_TURNS
        if ended is None and self.agent_actions >= self.limits.max_agent_actions:
            ended = END_MAX_TURNS
        if ended is not None:
            self._finish(ended)


def _options_from_config(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("toolset", "multi_turn", "privacy_aware", "aided"):
        if key in config:
            out[key] = config[key]
    if "max_agent_actions" in config or "max_user_turns" in config:
        out["limits"] = Limits(int(config.get("max_agent_actions", 20)), int(config.get("max_user_turns", 10)))
    return out


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _backend_schema(backend: Any, instance: Any) -> Any:
    engine = getattr(backend, "engine", None)
    schema = getattr(engine, "schema", None)
    if schema is not None:
        return schema
    from crmtui.org.schema import ORG_KINDS, load_schema

    org = getattr(instance, "org", None)
    return load_schema(org if org in ORG_KINDS else "b2b")
