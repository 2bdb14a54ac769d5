"""What the judge needs from an episode's steps, live or stored: the final answer, what the agent told the user,
what the user said, every agent action as text, and the records its queries retrieved."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crmtui.episode.observations import with_types


@dataclass
class Evidence:
    final_answer: str | None
    messages: list[str] = field(default_factory=list)  # the agent's earlier replies to the user
    user_texts: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


def _action_text(step: Any) -> str:
    if step.kind == "query" and isinstance(step.arguments, dict):
        return str(step.arguments.get("query") or "")
    if step.kind == "respond":
        return step.answer or ""
    args = step.arguments if isinstance(step.arguments, str) else json.dumps(step.arguments, ensure_ascii=False)
    return f"{step.tool}({args})"


def evidence(steps: list[Any], records: list[dict[str, Any]] | None = None) -> Evidence:
    """The evidence in `steps`; `records` replaces the records rebuilt from stored observations when given."""
    responds = [s for s in steps if s.kind == "respond"]
    found: list[dict[str, Any]] = []
    if records is None:
        for s in steps:
            if s.kind in ("query", "tool_call") and not s.error and isinstance(s.observation, list):
                found += with_types(s.observation, (s.meta or {}).get("types"))
    return Evidence(
        final_answer=responds[-1].answer if responds else None,
        messages=[s.answer or "" for s in responds[:-1]],
        user_texts=[s.content or "" for s in steps if s.actor == "user" and s.kind == "message"
                    and not (s.meta or {}).get("stop")],
        actions=[_action_text(s) for s in steps if s.actor in ("agent", "human")
                 and s.kind in ("query", "tool_call", "respond")],
        records=found if records is None else records,
    )
