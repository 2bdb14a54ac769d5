"""The task model: task types (YAML specs) and task instances (CRMArena records plus crmtui fields).

An instance serialises to one JSON object whose first keys are exactly CRMArena-Pro's record
(`idx, task, persona, metadata{required, optional}, reward_metric, query, answer`), so a line of
`tasks/instances/<org>.jsonl` can be fed to CRMArena tooling as it is; crmtui's own fields follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUITES = ("crmarena", "crmarena_pro")
DOMAINS = ("service", "sales", "cpq", "confidentiality")
SKILLS = ("workflow_execution", "policy_compliance", "textual_reasoning", "database_querying")
AUDIENCES = ("internal", "external")
REWARD_METRICS = ("exact_match", "fuzzy_match", "privacy_rejection")
ANSWER_KINDS = ("user_id", "record_id", "ids", "month", "state", "bant", "stage", "text", "refusal")
ORGS = ("original", "b2b", "b2c", "external")


@dataclass(frozen=True)
class TaskSpec:
    """A task type, loaded from `tasks/<suite>/<name>.yaml`.

    `policy` becomes `metadata.required` and `optional` the "Domain Details" of aided mode; both, like
    each of `queries` (several phrasings of one question), may hold `{slot}` placeholders the oracle
    fills. `reveal` lists what a scripted user discloses turn by turn in multi-turn play.
    """

    name: str
    suite: str
    orgs: tuple[str, ...]
    domain: str
    skill: str
    audience: str
    reward_metric: str
    answer_kind: str
    policy: str
    queries: tuple[str, ...]
    personas: tuple[str, ...]
    unanswerable_share: float
    oracle: str
    optional: str = ""
    reveal: tuple[str, ...] = ()
    description: str = ""
    source: str = ""  # the file it was loaded from


@dataclass
class Solution:
    """The oracle's reference solution: the queries it ran and the answer it derived from their results."""

    queries: list[str]
    answer: list[str | None]
    derive: str = ""  # name of the arithmetic step applied to the query results (oracle-specific)
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"queries": self.queries, "derive": self.derive, "params": self.params, "answer": self.answer}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Solution:
        return cls(queries=list(data["queries"]), answer=list(data["answer"]), derive=data.get("derive", ""),
                   params=dict(data.get("params") or {}))


@dataclass
class TaskInstance:
    """One task to play: a CRMArena record plus crmtui's fields."""

    idx: int
    task: str
    persona: str
    required: str
    optional: str
    reward_metric: str
    query: str
    answer: list[str | None]
    id: str
    org: str
    suite: str
    domain: str
    skill: str
    audience: str
    answer_kind: str
    reveal: list[str] = field(default_factory=list)
    solution: Solution | None = None
    source: dict[str, Any] = field(default_factory=dict)  # for imports: file and record index

    @property
    def answerable(self) -> bool:
        return self.answer != [None]

    def to_crmarena(self) -> dict[str, Any]:
        """The CRMArena-Pro record (answer always a list, `[None]` when not answerable)."""
        return {"idx": self.idx, "task": self.task, "persona": self.persona,
                "metadata": {"required": self.required, "optional": self.optional},
                "reward_metric": self.reward_metric, "query": self.query, "answer": list(self.answer)}

    def to_json(self) -> dict[str, Any]:
        data = self.to_crmarena()
        data.update({"id": self.id, "org": self.org, "suite": self.suite, "domain": self.domain,
                     "skill": self.skill, "audience": self.audience, "answer_kind": self.answer_kind,
                     "reveal": list(self.reveal),
                     "solution": self.solution.to_json() if self.solution else None})
        if self.source:
            data["source"] = self.source
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TaskInstance:
        meta = data.get("metadata") or {}
        solution = data.get("solution")
        return cls(
            idx=int(data["idx"]), task=data["task"], persona=data.get("persona", ""),
            required=meta.get("required", ""), optional=meta.get("optional", ""),
            reward_metric=data["reward_metric"], query=data["query"], answer=list(data["answer"]),
            id=data["id"], org=data["org"], suite=data["suite"], domain=data["domain"], skill=data["skill"],
            audience=data["audience"], answer_kind=data["answer_kind"], reveal=list(data.get("reveal") or []),
            solution=Solution.from_json(solution) if solution else None, source=dict(data.get("source") or {}),
        )
