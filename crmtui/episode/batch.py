"""Headless batch runs (`crmtui run`): many episodes, scored and stored, resumable, interruptible.

    config = RunConfig(agent="oracle", user="scripted", trials=1)
    runner = BatchRunner(config, store)
    results = runner.run(instances, concurrency=4, progress=callback)
    summary = summarize(results)

Each (instance, trial) is one episode. Its `run_key` (instance, trial, agent, user, prompt variant, limits) is
stored in the episode's config, so a run started again skips every episode already finished with that key
(`resumable`). Episodes left running by a crash are marked abandoned when the run resumes and played again.
Ctrl-C (or `stop.set()`) stops cleanly: episodes in flight are abandoned at their next step, finished ones kept.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from crmtui.episode.engine import EngineError, EpisodeEngine, Limits
from crmtui.episode.prompts import PROMPT_VERSION
from crmtui.errors import CrmtuiError

INTERRUPTED = "Interrupted"


class RunError(CrmtuiError):
    """A batch run that cannot start (bad agent or user, an instance without an org to play it on)."""


@dataclass
class RunConfig:
    agent: str = "oracle"
    user: str | None = None  # None: single-turn
    trials: int = 1
    privacy_aware: bool = False
    aided: bool = False
    limits: Limits = field(default_factory=Limits)
    judge: str | None = None  # llm:<model> to store an LLM verdict beside the deterministic score
    org: str | None = None  # an org spec for every instance (default: embedded:<the instance's org>)
    cassette: Any = None  # crmtui.episode.cassette.Cassette shared by every model call
    client_options: dict[str, Any] = field(default_factory=dict)

    def run_key(self, instance_id: str, trial: int) -> str:
        return json.dumps([instance_id, trial, self.agent, self.user or "single", PROMPT_VERSION,
                           self.privacy_aware, self.aided, self.limits.max_agent_actions,
                           self.limits.max_user_turns], separators=(",", ":"))


@dataclass
class EpisodeResult:
    instance_id: str
    task: str
    org: str
    skill: str
    domain: str
    trial: int
    status: str  # finished | skipped (finished in an earlier run) | interrupted | failed
    reward: float | None = None
    end_reason: str | None = None
    cost: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_ms: float = 0.0
    episode_id: str | None = None
    error: str | None = None
    timing: dict[str, float] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return self.reward is not None and self.reward >= 1.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _LockedStore:
    """The store, one call at a time (episodes run in threads share one connection)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attr(*args, **kwargs)

        return call


Progress = Callable[[EpisodeResult, int, int], None]


class BatchRunner:
    def __init__(self, config: RunConfig, store: Any = None, backend_for: Callable[[Any], Any] | None = None) -> None:
        self.config = config
        self.store = _LockedStore(store) if store is not None else None
        self._backend_for = backend_for
        self._backends: dict[str, Any] = {}
        self._backend_lock = threading.Lock()
        self.stop = threading.Event()
        self.judge = None
        if config.judge:
            from crmtui.judge.llm import judge_from_spec

            self.judge = judge_from_spec(config.judge, cassette=config.cassette, **config.client_options)
        self._check_specs()

    def _check_specs(self) -> None:
        from crmtui.episode.actors import make_agent
        from crmtui.episode.users import make_user

        try:
            if not self.config.agent.startswith("replay:"):
                make_agent(self.config.agent, client_options={"completion": _never})
            if self.config.user and not self.config.user.startswith("replay:"):
                make_user(self.config.user, client_options={"completion": _never})
        except ValueError as exc:
            raise RunError(str(exc)) from None
        if self.config.agent.startswith("replay:") and self.store is None:
            raise RunError("replay:<episode> needs the transcript DB")

    # -- planning -----------------------------------------------------------------------------------------------

    def backend(self, instance: Any) -> Any:
        if self._backend_for is not None:
            return self._backend_for(instance)
        spec = self.config.org or (f"embedded:{instance.org}" if instance.org in ("original", "b2b", "b2c")
                                   else None)
        if spec is None:
            raise RunError(f"{instance.id}: imported for org {instance.org!r}: give --org embedded:<dump> or "
                           "salesforce to play it")
        with self._backend_lock:
            if spec not in self._backends:
                from crmtui.org.backends import open_backend

                self._backends[spec] = open_backend(spec)
            return self._backends[spec]

    def plan(self, instances: Iterable[Any]) -> tuple[list[tuple[Any, int]], list[EpisodeResult]]:
        """(episodes to play, results of episodes already finished in earlier runs)."""
        finished: dict[str, Any] = {}
        if self.store is not None:
            for ep in self.store.episodes(status="finished"):
                key = (ep.config or {}).get("run_key") if isinstance(ep.config, dict) else None
                if key:
                    finished[key] = ep
            for ep in self.store.episodes(status="running"):
                key = (ep.config or {}).get("run_key") if isinstance(ep.config, dict) else None
                if key and key not in finished:
                    self.store.abandon_episode(ep.id, INTERRUPTED)
        todo, done = [], []
        for instance in instances:
            for trial in range(self.config.trials):
                ep = finished.get(self.config.run_key(instance.id, trial))
                if ep is None:
                    todo.append((instance, trial))
                else:
                    done.append(_result(instance, trial, "skipped", reward=ep.reward, end_reason=ep.end_reason,
                                        cost=ep.cost or 0.0, prompt_tokens=ep.prompt_tokens or 0,
                                        completion_tokens=ep.completion_tokens or 0,
                                        duration_ms=ep.active_ms or 0.0, episode_id=ep.id))
        return todo, done

    # -- playing ------------------------------------------------------------------------------------------------

    def play(self, instance: Any, trial: int) -> EpisodeResult:
        """One episode, start to end (never raises for the episode's own failures)."""
        from crmtui.episode.actors import make_agent
        from crmtui.episode.users import make_user

        options = {"cassette": self.config.cassette, **self.config.client_options}
        store = self.store
        engine = None
        try:
            agent = make_agent(self.config.agent, store=store, client_options=options)
            user = make_user(self.config.user, store=store, client_options=options)
            engine = EpisodeEngine(instance, self.backend(instance), agent, user=user, store=store,
                                   privacy_aware=self.config.privacy_aware, aided=self.config.aided,
                                   limits=self.config.limits, judge=self.judge,
                                   labels={"run_key": self.config.run_key(instance.id, trial), "trial": trial})
            while not engine.done:
                if self.stop.is_set():
                    engine.abandon(INTERRUPTED)
                    break
                engine.step()
        except KeyboardInterrupt:
            self.stop.set()
            if engine is not None and not engine.done:
                engine.abandon(INTERRUPTED)
        except (CrmtuiError, EngineError) as exc:
            if engine is not None and not engine.done:
                engine.abandon(f"Failed: {exc}")
            if isinstance(exc, RunError) or type(exc).__name__ in ("CassetteMiss", "CassetteError"):
                self.stop.set()
                raise
            return _result(instance, trial, "failed", error=str(exc),
                           episode_id=engine.episode_id if engine else None)
        outcome = engine.outcome if engine is not None else None
        if outcome is None or outcome.end_reason == INTERRUPTED:
            return _result(instance, trial, "interrupted", episode_id=engine.episode_id if engine else None)
        return _result(instance, trial, "finished", reward=outcome.reward, end_reason=outcome.end_reason,
                       cost=outcome.cost, prompt_tokens=outcome.prompt_tokens,
                       completion_tokens=outcome.completion_tokens, duration_ms=outcome.duration_ms,
                       episode_id=outcome.episode_id, timing=dict(engine.timing))

    def run(self, instances: Iterable[Any], *, concurrency: int = 1, progress: Progress | None = None,
            planned: tuple[list[tuple[Any, int]], list[EpisodeResult]] | None = None) -> list[EpisodeResult]:
        """Play every planned episode; returns the results of this run and of the skipped ones."""
        todo, results = planned if planned is not None else self.plan(instances)
        total = len(todo)
        count = 0

        def report(result: EpisodeResult) -> None:
            nonlocal count
            count += 1
            results.append(result)
            if progress is not None:
                progress(result, count, total)

        if concurrency <= 1:
            for instance, trial in todo:
                if self.stop.is_set():
                    break
                report(self.play(instance, trial))
            return results
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="episode") as pool:
            pending: set[Future] = set()
            queue = list(reversed(todo))
            try:
                while queue or pending:
                    while queue and len(pending) < concurrency and not self.stop.is_set():
                        instance, trial = queue.pop()
                        pending.add(pool.submit(self.play, instance, trial))
                    if not pending:
                        break
                    finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        report(fut.result())
            except KeyboardInterrupt:
                self.stop.set()
                for fut in pending:
                    try:
                        report(fut.result())
                    except KeyboardInterrupt:
                        continue
        return results


def _never(**kwargs: Any) -> Any:
    raise AssertionError("no model call while checking specs")


def _result(instance: Any, trial: int, status: str, **values: Any) -> EpisodeResult:
    return EpisodeResult(instance.id, instance.task, instance.org, instance.skill, instance.domain, trial, status,
                         **values)


def summarize(results: list[EpisodeResult]) -> dict[str, Any]:
    """Success per task and per skill, with cost and time, over finished (and skipped) episodes."""
    scored = [r for r in results if r.status in ("finished", "skipped")]

    def group(key: Callable[[EpisodeResult], str]) -> list[dict[str, Any]]:
        buckets: dict[str, list[EpisodeResult]] = defaultdict(list)
        for r in scored:
            buckets[key(r)].append(r)
        rows = []
        for name in sorted(buckets):
            items = buckets[name]
            rewards = [r.reward or 0.0 for r in items]
            rows.append({"name": name, "episodes": len(items), "success": sum(r.success for r in items) / len(items),
                         "mean_reward": sum(rewards) / len(items), "cost": sum(r.cost for r in items),
                         "seconds": sum(r.duration_ms for r in items) / 1000})
        return rows

    overall = group(lambda r: "all")
    timing: dict[str, float] = defaultdict(float)
    for r in results:
        for k, v in r.timing.items():
            timing[k] += v
    return {
        "episodes": len(results), "finished": sum(r.status == "finished" for r in results),
        "skipped": sum(r.status == "skipped" for r in results),
        "interrupted": sum(r.status == "interrupted" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "overall": overall[0] if overall else None, "tasks": group(lambda r: f"{r.org}/{r.task}"),
        "skills": group(lambda r: r.skill), "timing": dict(timing),
    }
