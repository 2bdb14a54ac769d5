"""Helpers for the task tests: a fake oracle, a valid spec, sample instances and the CRMArena excerpt."""

from __future__ import annotations

import json
from pathlib import Path

from crmtui.tasks.model import Solution, TaskInstance

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CRMARENA_DATA = Path("/work/shared/data/crmarena")


class FakeOracle:
    key = "fake"
    name = "handle_time"
    slots = frozenset({"case_id", "today"})

    def draw(self, ctx, rng, answerable):  # pragma: no cover - never called by these tests
        raise NotImplementedError

    def derive(self, results, params):  # pragma: no cover
        raise NotImplementedError


VALID_SPEC = """\
# a test spec
name: handle_time
suite: crmarena_pro
orgs: [b2b, b2c]
domain: service
skill: database_querying
audience: internal
reward_metric: exact_match
answer_kind: user_id
description: A test spec.
policy: |
  ## Handle Time Policy
  Today's date: {today}
optional: ''
queries:
- Which agent handled case {case_id} fastest? Return only the Id.
- |-
  Literal {{braces}} are fine.
  Case: {case_id}
personas: internal
unanswerable_share: 0.2
oracle: fake
reveal:
- The case is {case_id}.
"""


def make_instance(n: int, org: str = "b2b", task: str = "handle_time", **changes) -> TaskInstance:
    fields = dict(
        idx=n, task=task, persona="You are blunt.", required=f"## Policy\nToday's date: 2025-06-{n % 28 + 1:02d}",
        optional="", reward_metric="exact_match", query=f"Which agent was fastest? (n°{n}, “quoted”)",
        answer=[f"005Wt00000{n:08d}"] if n % 3 else [None], id=f"{org}/{task}/{n:04d}", org=org,
        suite="crmarena_pro", domain="service", skill="database_querying", audience="internal",
        answer_kind="user_id", reveal=[f"Case {n}, please."],
        solution=Solution(queries=[f"SELECT Id FROM Case WHERE Id = '500{n}'"], answer=[f"005Wt00000{n:08d}"],
                          derive="fastest", params={"window": ["2025-01-01", "2025-03-31"], "min": 2}),
    )
    fields.update(changes)
    return TaskInstance(**fields)


def fixture_records(part: str) -> list[dict]:
    """The records of one part (`original` or `pro_b2b`) of the attributed CRMArena excerpt."""
    data = json.loads((FIXTURES / "crmarena_tasks_sample.json").read_text(encoding="utf-8"))
    assert "CC BY-NC 4.0" in data["_source"]
    return data[part]
