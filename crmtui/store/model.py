"""The step model: what an episode records, as the episode engine writes it and the app reads it back.

An **episode** is one attempt at one task. A **step** is one thing that happened in it, by one actor:

- actors: `agent` (the agent side played by the episode's agent actor: an LLM, a replay, the oracle), `human` (the
  agent side played by a person, from the start or after a take-over), `user` (the customer side of a multi-turn
  task: simulated, scripted or a person), `system` (the environment: the system prompt, format corrections);
- kinds: `message` (free text: a system prompt, a user line), `query` (SOQL/SOSL: `arguments = {"query": ...}`,
  `observation` = the records returned, or `error`), `tool_call` (a function call: `tool`, `arguments`, and its result
  in `observation` or `error`), `tool_result` (a tool result that arrived on its own), `respond` (the agent's
  answer or clarification: `arguments = {"content": ...}`), `error` (an error or format correction from the
  environment), `takeover` / `handback` (a person takes the agent's seat, or gives it back).

`content` is the text the actor produced, verbatim (for an LLM, its whole message, thought included).
`observation` is JSON (rows as a list of objects when the tool returned records). Timestamps are ISO 8601 UTC.
A function call keeps its call id in `meta["call_id"]`. An agent reply that follows no protocol is an agent
`message` (followed by the environment's correction, a `system` `error`); an actor that fails (a model API
error) is an `error` step by that actor, with the text in `error`. SOQL and SOSL queries carry `tool` = `soql` or
`sosl`. Rendered back to CRMArena's format, `agent` and `human` are the assistant, `user` and a `system` error the
user role (crmtui/store/crmarena.py).

Annotations and gold reviews are append-only: a correction is a new row that `supersedes` an earlier one, with
its author, time and reason; a retraction is a correction that withdraws the label. The current state is a
query over that history (rows nobody supersedes, minus retractions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from crmtui.store.errors import ValidationError

ACTORS = ("agent", "human", "user", "system")
STEP_KINDS = ("message", "query", "tool_call", "tool_result", "respond", "error", "takeover", "handback")
AGENT_KINDS = ("human", "llm", "replay", "oracle")
USER_KINDS = ("llm", "scripted", "human")
STATUSES = ("running", "finished", "abandoned")
SOURCES = ("played", "imported")
VERDICTS = ("accept", "reject", "correct")
#: A person's judgement of an episode's outcome (annotations.verdict), compared with the automatic judges'.
OUTCOME_VERDICTS = ("pass", "fail")
FAULT_SOURCES = ("agent", "user_simulator", "task", "environment")
#: Failure categories of the annotation taxonomy (episode- or step-level).
FAILURE_CATEGORIES = (
    "wrong_answer",          # the final answer is wrong although the task was understood
    "query_error",           # malformed SOQL/SOSL, a field or object that does not exist
    "wrong_filter",          # wrong records selected: filter, join, date range, grouping
    "date_reasoning",        # time anchor, period or date arithmetic wrong
    "policy_misapplied",     # the task's policy or business rule was not followed
    "text_misread",          # an email, transcript or article misread or not read
    "hallucination",         # a value, Id or record that the org never returned
    "premature_answer",      # answered before gathering enough evidence
    "gave_up",               # no answer, or "None" although an answer exists
    "format_violation",      # the answer is right but not in the requested form
    "missing_clarification", # multi-turn: did not ask when the request was under-specified
    "confidentiality_lapse", # disclosed what must be refused
    "over_refusal",          # refused a legitimate request
    "gold_wrong",            # the gold answer itself is wrong
    "task_ambiguous",        # the task admits several readings
    "other",
)


def now_iso() -> str:
    """The current time, UTC, millisecond precision: `2025-06-30T18:00:00.123Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _check_choice(value: Any, choices: tuple[str, ...], name: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    if value not in choices:
        raise ValidationError(f"{name} must be one of {', '.join(choices)} (got {value!r})")


def _check_text(value: Any, name: str) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{name} must be text or null (got {type(value).__name__})")


def _int_or_none(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValidationError(f"{name} must be an integer or null (got {value!r})")
    return value


def _float_or_none(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(f"{name} must be a finite number or null (got {value!r})")
    return float(value)


@dataclass
class Step:
    """One step of an episode. `index`, `episode_id`, `prev_hash` and `hash` are set by the store."""

    actor: str
    kind: str
    content: str | None = None
    tool: str | None = None
    arguments: Any = None
    observation: Any = None
    error: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    duration_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    index: int | None = None
    episode_id: str | None = None
    prev_hash: str | None = None
    hash: str | None = None

    def normalised(self) -> Step:
        """A checked copy with numbers in their stored types (so the hash survives a round trip through SQLite)."""
        _check_choice(self.actor, ACTORS, "step actor")
        _check_choice(self.kind, STEP_KINDS, "step kind")
        for name in ("content", "tool", "error", "started_at", "ended_at"):
            _check_text(getattr(self, name), f"step {name}")
        if self.meta is not None and not isinstance(self.meta, dict):
            raise ValidationError(f"step meta must be an object (got {type(self.meta).__name__})")
        return replace(
            self,
            duration_ms=_float_or_none(self.duration_ms, "step duration_ms"),
            prompt_tokens=_int_or_none(self.prompt_tokens, "step prompt_tokens"),
            completion_tokens=_int_or_none(self.completion_tokens, "step completion_tokens"),
            cost=_float_or_none(self.cost, "step cost"),
            meta=dict(self.meta or {}),
        )

    @property
    def answer(self) -> str | None:
        """The text of a `respond` step."""
        if self.kind != "respond":
            return None
        if isinstance(self.arguments, dict) and isinstance(self.arguments.get("content"), str):
            return self.arguments["content"]
        return self.content

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: Episode fields fixed when the episode starts (hashed into the head of its chain).
HEADER_FIELDS = (
    "id", "task_id", "task_hash", "task_name", "task_idx", "suite", "org_kind", "org_hash", "toolset",
    "agent_kind", "agent_model", "prompt_variant", "user_kind", "user_model", "player", "started_at", "source",
    "source_format", "source_hash", "parent_episode_id", "parent_step", "config",
)
#: Episode fields fixed when the episode ends (sealed with the head of its chain).
RESULT_FIELDS = (
    "status", "ended_at", "active_ms", "end_reason", "end_detail", "final_answer", "reward", "reward_detail",
    "prompt_tokens", "completion_tokens", "cost", "extra",
)
#: Bookkeeping: the chain's genesis, its head and length, and the seal of a finished episode.
CHAIN_FIELDS = ("step_count", "head_hash", "genesis_hash", "seal_hash")
#: Provenance of an imported episode (which import, which record); not hashed: the same record imported
#: from two files is the same episode.
PROVENANCE_FIELDS = ("import_id", "source_record")
JSON_EPISODE_FIELDS = ("config", "end_detail", "reward_detail", "extra")


@dataclass
class Episode:
    """One attempt at one task; `steps` is filled when loaded with its steps."""

    id: str
    agent_kind: str
    task_id: str | None = None
    task_hash: str | None = None
    task_name: str | None = None
    task_idx: int | None = None
    suite: str | None = None
    org_kind: str | None = None
    org_hash: str | None = None
    toolset: str | None = None
    agent_model: str | None = None
    prompt_variant: str | None = None
    user_kind: str | None = None
    user_model: str | None = None
    player: str | None = None
    started_at: str | None = None
    source: str = "played"
    source_format: str | None = None
    source_hash: str | None = None
    parent_episode_id: str | None = None
    parent_step: int | None = None
    config: Any = None
    status: str = "running"
    ended_at: str | None = None
    active_ms: float | None = None
    end_reason: str | None = None
    end_detail: Any = None
    final_answer: str | None = None
    reward: float | None = None
    reward_detail: Any = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost: float | None = None
    extra: Any = None
    step_count: int = 0
    head_hash: str = ""
    genesis_hash: str = ""
    seal_hash: str | None = None
    import_id: int | None = None
    source_record: int | None = None
    steps: list[Step] | None = None

    def header(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HEADER_FIELDS}

    def result(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RESULT_FIELDS}

    def to_json(self, with_steps: bool = False) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "steps"}
        if with_steps:
            data["steps"] = [s.to_json() for s in self.steps or []]
        return data


def check_header(ep: Episode) -> None:
    _check_choice(ep.agent_kind, AGENT_KINDS, "agent kind")
    _check_choice(ep.user_kind, USER_KINDS, "user kind", optional=True)
    _check_choice(ep.source, SOURCES, "episode source")
    for name in ("id", "task_id", "task_name", "suite", "org_kind", "org_hash", "toolset", "agent_model",
                 "prompt_variant", "user_model", "player", "started_at", "source_format", "source_hash",
                 "parent_episode_id"):
        _check_text(getattr(ep, name), f"episode {name}")
    if not ep.id:
        raise ValidationError("episode id must not be empty")
    ep.task_idx = _int_or_none(ep.task_idx, "episode task_idx")
    ep.parent_step = _int_or_none(ep.parent_step, "episode parent_step")


@dataclass
class Annotation:
    """An episode- or step-level label. `supersedes` names the annotation it corrects (or retracts)."""

    uid: str
    episode_id: str
    author: str
    created_at: str
    step_idx: int | None = None
    category: str | None = None
    fault: str | None = None
    lapse: bool = False
    leaked_fields: list[str] = field(default_factory=list)
    note: str | None = None
    supersedes: str | None = None
    retract: bool = False
    reason: str | None = None
    verdict: str | None = None  # pass | fail: the annotator's judgement of the episode's outcome

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Score:
    """An automatic judge's score of a finished episode, recorded after it ended (the sealed reward never changes).

    `judge` names the judge (`deterministic`, `llm:<model>`); the newest row of an (episode, judge) pair is its
    current score, earlier ones are its history."""

    uid: str
    episode_id: str
    judge: str
    created_at: str
    reward: float | None = None
    metric: str | None = None
    detail: dict[str, Any] | None = None
    judge_version: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class GoldReview:
    """A reviewer's verdict on a task's gold answer (`correct` carries the proposed answer)."""

    uid: str
    task_id: str
    reviewer: str
    verdict: str
    created_at: str
    task_hash: str | None = None
    proposed_answer: list[str | None] | None = None
    rationale: str | None = None
    blind: bool = False
    episode_id: str | None = None
    supersedes: str | None = None
    retract: bool = False
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
