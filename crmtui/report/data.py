"""The transcript DB read into plain rows for the report: episodes with their task dimensions, actor group and
effort; current human labels; automatic judges' scores; gold reviews and statuses. No statistics here.

Dimensions of an episode come from its stored task instance (`tasks` table): task type, skill, domain, org,
audience, reward metric; an imported CRMArena run whose record matched no stored instance falls back to the
papers' catalogue (crmtui.tasks.known) by task name. Turn mode: multi-turn when the episode had a user actor.

Actor groups (what is compared):
- a person in the agent's seat from the start: kind `human`, group `human:<player>`;
- an agent played by crmtui: kind `agent`, group `<model> · <toolset> · <prompt variant>` (the oracle and replays
  name themselves instead of a model; the prompt variant is the prompt version plus `+privacy`/`+aided`);
- an imported CRMArena run: kind `imported`, group `<model> · <toolset> · CRMArena`;
- an agent run a person took over: kind `takeover`, group `<agent group> · taken over`.

A reward is the episode's sealed reward, unless a `deterministic` judge re-scored it later (the `scores`
table): the current re-score counts then (the judge was fixed since), the sealed one is kept as `sealed_reward`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

DIMENSIONS = {"type": "task", "skill": "skill", "domain": "domain", "org": "org", "turn": "turn"}
DETERMINISTIC = "deterministic"
AGENT_SEAT = ("agent", "human")

_STEPS_SQL = """
SELECT episode_id,
       SUM(actor IN ('agent', 'human') AND kind IN ('query', 'tool_call')),
       SUM((actor IN ('agent', 'human') AND error IS NOT NULL) OR (actor = 'system' AND kind = 'error')),
       SUM(actor IN ('agent', 'human') AND kind IN ('message', 'query', 'tool_call', 'respond')),
       SUM(kind = 'takeover'),
       SUM(actor = 'user' AND kind = 'message'),
       SUM(prompt_tokens), SUM(completion_tokens), SUM(cost)
FROM steps GROUP BY episode_id
"""


@dataclass(frozen=True)
class EpisodeRow:
    """One episode as the report sees it."""

    id: str
    kind: str  # human | agent | imported | takeover
    group: str
    status: str
    task_id: str | None = None
    task: str | None = None  # task type
    org: str | None = None
    suite: str | None = None
    domain: str | None = None
    skill: str | None = None
    audience: str | None = None
    metric: str | None = None
    turn: str = "single"
    player: str | None = None
    model: str | None = None
    toolset: str | None = None
    variant: str | None = None
    trial: int | None = None
    reward: float | None = None
    sealed_reward: float | None = None
    refused: bool | None = None  # privacy probes: did the final reply refuse (None: not a probe, or unknown)
    disclosed: int | None = None  # sensitive values found in replies by the disclosure check (None: not checked)
    llm_judge: str | None = None  # `llm:<model>` when an LLM judge ran beside the sealed score (`crmtui run --judge`)
    llm_reward: float | None = None  # that LLM judge's reward
    active_ms: float | None = None
    queries: int = 0
    errors: int = 0
    turns: int = 0
    user_turns: int = 0
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost: float | None = None

    @property
    def finished(self) -> bool:
        return self.status == "finished" and self.reward is not None

    @property
    def success(self) -> bool:
        return self.reward is not None and self.reward >= 1.0

    @property
    def fuzzy(self) -> bool:
        return self.metric == "fuzzy_match"

    @property
    def tokens(self) -> int | None:
        if self.prompt_tokens is None and self.completion_tokens is None:
            return None
        return (self.prompt_tokens or 0) + (self.completion_tokens or 0)

    def dimension(self, name: str) -> str:
        """The episode's value of a report dimension (`type`, `skill`, `domain`, `org`, `turn`)."""
        return getattr(self, DIMENSIONS[name]) or "unknown"

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class LabelRow:
    """One current label by a person (annotators of kind `human`)."""

    episode_id: str
    author: str
    step_idx: int | None = None
    category: str | None = None
    fault: str | None = None
    lapse: bool = False
    leaked_fields: tuple[str, ...] = ()
    verdict: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    """The current score of one automatic judge on one episode."""

    episode_id: str
    judge: str
    reward: float | None
    detail: Any = None


@dataclass(frozen=True)
class ReviewRow:
    task_id: str
    reviewer: str
    verdict: str
    task: str | None = None
    adjudication: bool = False  # an adjudicator's ruling on a dispute (crmtui.store.gold), not an independent vote


@dataclass(frozen=True)
class TaskDims:
    task_id: str
    task: str
    org: str | None = None
    suite: str | None = None
    domain: str | None = None
    skill: str | None = None
    audience: str | None = None
    metric: str | None = None


@dataclass
class Dataset:
    """Everything the report computes from, already filtered."""

    episodes: list[EpisodeRow] = field(default_factory=list)
    labels: list[LabelRow] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    gold_status: dict[str, str] = field(default_factory=dict)  # reviewed task id -> status
    tasks: dict[str, TaskDims] = field(default_factory=dict)  # task instances in scope (stored + catalog)


@dataclass(frozen=True)
class Filters:
    """Which episodes and tasks the report covers; a None field does not filter. Values are compared exactly."""

    suite: str | None = None
    org: str | None = None
    task: str | None = None
    skill: str | None = None
    domain: str | None = None
    turn: str | None = None
    kind: str | None = None  # human | agent | imported | takeover

    def matches(self, row: EpisodeRow | TaskDims) -> bool:
        """Whether a row matches; a task (TaskDims) is not filtered by turn mode or actor kind."""
        for name in ("suite", "org", "task", "skill", "domain", "turn", "kind"):
            wanted = getattr(self, name)
            if wanted is not None and getattr(row, name, wanted) != wanted:
                return False
        return True

    def to_json(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def variant_of(prompt_variant: str | None) -> str | None:
    """`crmtui-1:react:single+privacy` -> `crmtui-1+privacy` (toolset and turn mode are dimensions of their own)."""
    if not prompt_variant:
        return None
    parts = prompt_variant.split(":")
    if len(parts) < 3:
        return prompt_variant
    extras = parts[-1].split("+")[1:]
    return "+".join([parts[0], *extras])


def actor_group(ep: Any, takeover: bool) -> tuple[str, str]:
    """(kind, group) of an episode; see the module docstring."""
    if ep.source == "imported":
        return "imported", f"{ep.agent_model or 'unknown model'} · {ep.toolset or 'react'} · CRMArena"
    if ep.agent_kind == "human":
        return "human", f"human:{ep.player or 'anonymous'}"
    name = ep.agent_model or ep.agent_kind
    group = " · ".join(x for x in (name, ep.toolset, variant_of(ep.prompt_variant)) if x)
    if takeover:
        return "takeover", f"{group} · taken over"
    return "agent", group


def _privacy(detail: Any) -> tuple[bool | None, int | None]:
    """(refused, disclosed count) from a score detail (crmtui's judge: `{"refused", "disclosed": [...]}`)."""
    if not isinstance(detail, dict):
        return None, None
    inner = detail.get("detail") if isinstance(detail.get("detail"), dict) else detail
    refused = inner.get("refused") if isinstance(inner.get("refused"), bool) else None
    disclosed = inner.get("disclosed")
    return refused, (len(disclosed) if isinstance(disclosed, list) else None)


def llm_verdict(detail: Any) -> tuple[str | None, float | None]:
    """(`llm:<model>`, reward) of the LLM judge recorded in a score detail (`{"llm": {"model", "reward"}}`)."""
    if not isinstance(detail, dict):
        return None, None
    inner = detail.get("detail") if isinstance(detail.get("detail"), dict) else detail
    llm = inner.get("llm")
    if not isinstance(llm, dict) or not isinstance(llm.get("model"), str):
        return None, None
    reward = llm.get("reward")
    if isinstance(reward, bool) or not isinstance(reward, (int, float)):
        return None, None
    return f"llm:{llm['model']}", float(reward)


def _task_dims(data: dict[str, Any]) -> TaskDims:
    return TaskDims(task_id=data["id"], task=data.get("task") or "unknown", org=data.get("org"),
                    suite=data.get("suite"), domain=data.get("domain"), skill=data.get("skill"),
                    audience=data.get("audience"), metric=data.get("reward_metric"))


def stored_tasks(store: Any) -> dict[str, TaskDims]:
    """The latest stored version of every task instance, as dimensions."""
    out: dict[str, TaskDims] = {}
    for (text,) in store.conn.execute("SELECT json FROM tasks ORDER BY rowid"):
        data = json.loads(text)
        if isinstance(data.get("id"), str):
            out[data["id"]] = _task_dims(data)
    return out


def _known(name: str | None) -> dict[str, Any]:
    from crmtui.tasks.known import known_task

    found = known_task(name) if name else None
    if found is None:
        return {}
    return {"domain": found.domain, "skill": found.skill, "audience": found.audience, "metric": found.reward_metric}


def _human_authors(store: Any) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT id FROM annotators WHERE kind = 'human'")}


def load_dataset(store: Any, filters: Filters | None = None, *, instances: Iterable[Any] = ()) -> Dataset:
    """Read the store into a Dataset (see `read_dataset`) and keep what `filters` matches."""
    return filter_dataset(read_dataset(store, instances=instances), filters or Filters())


def filter_dataset(data: Dataset, filters: Filters) -> Dataset:
    """The part of a Dataset that `filters` matches: episodes, their labels and scores, tasks and their reviews."""
    rows = [r for r in data.episodes if filters.matches(r)]
    kept = {r.id for r in rows}
    tasks = {t: d for t, d in data.tasks.items() if filters.matches(d)}
    return Dataset(rows, [label for label in data.labels if label.episode_id in kept],
                   [s for s in data.scores if s.episode_id in kept], [r for r in data.reviews if r.task_id in tasks],
                   {t: s for t, s in data.gold_status.items() if t in tasks}, tasks)


def read_dataset(store: Any, *, instances: Iterable[Any] = ()) -> Dataset:
    """Read the whole store (one consistent snapshot) into a Dataset.

    `instances` (TaskInstances, e.g. the task catalog) adds task instances that were generated but never stored,
    so the gold report counts them as `generated`.
    """
    from crmtui.store.gold import gold_statuses, is_adjudication

    with store.snapshot():
        tasks = stored_tasks(store)
        for inst in instances:
            tasks.setdefault(inst.id, _task_dims(inst.to_json()))
        step_stats = {r[0]: r[1:] for r in store.conn.execute(_STEPS_SQL)}
        deterministic = {s.episode_id: s for s in store.scores(judge=DETERMINISTIC)}
        all_scores = store.scores()
        humans = _human_authors(store)
        annotations = [a for a in store.annotations() if a.author in humans]
        reviews = store.gold_reviews()
        statuses = gold_statuses(store)
        episodes = store.episodes()
    rows = []
    for ep in episodes:
        stats = step_stats.get(ep.id, (0,) * 8)
        queries, errors, turns, takeovers, user_turns, p_tok, c_tok, s_cost = (v or 0 for v in stats)
        kind, group = actor_group(ep, takeover=bool(takeovers))
        dims = tasks.get(ep.task_id) if ep.task_id else None
        if dims is not None:
            base = {"task": dims.task, "org": dims.org or ep.org_kind, "suite": dims.suite or ep.suite,
                    "domain": dims.domain, "skill": dims.skill, "audience": dims.audience, "metric": dims.metric}
        else:
            base = {"task": ep.task_name, "org": ep.org_kind, "suite": ep.suite, **_known(ep.task_name)}
        reward, detail = ep.reward, ep.reward_detail
        rescore = deterministic.get(ep.id)
        if rescore is not None and ep.status == "finished":
            reward, detail = rescore.reward, rescore.detail
        refused, disclosed = _privacy(detail)
        if refused is None and base.get("metric") == "privacy_rejection" and reward is not None \
                and ep.source == "imported":
            refused = reward >= 1.0  # CRMArena's privacy judge scores a refusal 1
        llm_judge, llm_reward = llm_verdict(ep.reward_detail)
        trial = ep.config.get("trial") if isinstance(ep.config, dict) else None
        rows.append(EpisodeRow(
            id=ep.id, kind=kind, group=group, status=ep.status, task_id=ep.task_id, **base,
            turn="multi" if ep.user_kind else "single", player=ep.player if kind == "human" else None,
            model=ep.agent_model or (None if kind in ("human", "imported") else ep.agent_kind), toolset=ep.toolset,
            variant=variant_of(ep.prompt_variant) if kind in ("agent", "takeover") else None,
            trial=trial if isinstance(trial, int) else None, reward=reward, sealed_reward=ep.reward,
            refused=refused, disclosed=disclosed, llm_judge=llm_judge, llm_reward=llm_reward, active_ms=ep.active_ms,
            queries=queries, errors=errors, turns=turns, user_turns=user_turns,
            prompt_tokens=ep.prompt_tokens if ep.prompt_tokens is not None else (p_tok or None),
            completion_tokens=ep.completion_tokens if ep.completion_tokens is not None else (c_tok or None),
            cost=ep.cost if ep.cost is not None else (s_cost or None)))
    labels = [LabelRow(a.episode_id, a.author, a.step_idx, a.category, a.fault, a.lapse, tuple(a.leaked_fields),
                       a.verdict) for a in annotations]
    scores = [ScoreRow(s.episode_id, s.judge, s.reward, s.detail) for s in all_scores]
    review_rows = [ReviewRow(r.task_id, r.reviewer, r.verdict, tasks[r.task_id].task, is_adjudication(r))
                   for r in reviews if r.task_id in tasks]
    return Dataset(rows, labels, scores, review_rows, dict(statuses), tasks)


def filter_choices(data: Dataset) -> dict[str, list[str]]:
    """The values each filter can take in a Dataset (what a filter key cycles through), sorted."""
    fields_ = ("suite", "org", "task", "skill", "domain", "turn", "kind")
    found: dict[str, set[str]] = {name: set() for name in fields_}
    for row in data.episodes:
        for name in fields_:
            value = getattr(row, name)
            if value:
                found[name].add(value)
    return {name: sorted(values) for name, values in found.items()}
