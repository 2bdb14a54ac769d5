"""Actions: what an actor (agent or user, automatic or human) hands to the engine's `apply`.

Agent side:
- `query`: a SOQL query or SOSL search (`query`); `text` is the whole message that carried it (thought included);
- `tool_call`: a function call (`tool`, `arguments` as a dict, or the raw text when it was not valid JSON);
- `respond`: a message to the user (`content`): the answer, or a question in a conversation;
- `invalid`: a reply that follows no protocol (no action in a ReAct message, no tool call); it gets a format
  correction and counts as a turn;
- `error`: the actor failed (a model API error after retries): the episode ends.
User side:
- `say`: a line from the user (`content`);
- `stop`: the user is satisfied (the simulator's ###STOP###): the episode ends and is scored;
- `error`: the user simulator failed.

Every action may carry the model usage that produced it (tokens, cost, latency) and free `meta`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AGENT_ACTIONS = ("query", "tool_call", "respond", "invalid", "error")
USER_ACTIONS = ("say", "stop", "error")


@dataclass
class Action:
    kind: str
    text: str | None = None  # what the actor produced, verbatim
    query: str | None = None
    tool: str | None = None
    arguments: Any = None
    content: str | None = None  # respond / say
    call_id: str | None = None
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost: float | None = None
    duration_ms: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    # -- constructors, for people and scripts ---------------------------------------------------------------

    @classmethod
    def execute(cls, query: str, text: str | None = None, **kw: Any) -> Action:
        return cls("query", text=text, query=query, **kw)

    @classmethod
    def call(cls, tool: str, arguments: Any = None, text: str | None = None, call_id: str | None = None,
             **kw: Any) -> Action:
        return cls("tool_call", text=text, tool=tool, arguments={} if arguments is None else arguments,
                   call_id=call_id, **kw)

    @classmethod
    def respond(cls, content: str, text: str | None = None, **kw: Any) -> Action:
        return cls("respond", text=text, content=content, **kw)

    @classmethod
    def say(cls, content: str, **kw: Any) -> Action:
        return cls("say", text=content, content=content, **kw)

    @classmethod
    def stop(cls, content: str = "###STOP###", **kw: Any) -> Action:
        return cls("stop", text=content, content=content, **kw)

    @classmethod
    def failure(cls, error: str, **kw: Any) -> Action:
        return cls("error", error=error, **kw)

    def usage(self) -> dict[str, Any]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens, "cost": self.cost}
