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

`Action.to_json()` / `Action.from_json(data)` round-trip an action through JSON (the app's edit dialog shows a
proposed action as JSON and reads the edited text back); `from_json` validates and raises `ActionError` with a
message that names the offending key.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from typing import Any

from crmtui.errors import CrmtuiError

AGENT_ACTIONS = ("query", "tool_call", "respond", "invalid", "error")
USER_ACTIONS = ("say", "stop", "error")
ACTION_KINDS = ("query", "tool_call", "respond", "invalid", "say", "stop", "error")
#: what each kind needs: key -> expected type name (text fields must be strings)
_REQUIRED = {"query": ("query",), "tool_call": ("tool",), "respond": ("content",), "say": ("content",),
             "error": ("error",)}
_TEXT_KEYS = ("text", "query", "tool", "content", "call_id", "error")
_INT_KEYS = ("prompt_tokens", "completion_tokens")
_FLOAT_KEYS = ("cost", "duration_ms")


class ActionError(CrmtuiError, ValueError):
    """An action read from JSON that is not valid (the message names the key)."""


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

    # -- JSON round trip ----------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The action as a JSON object: `kind` first, then every field that is set (no nulls, no empty meta)."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "kind" or value is None or (f.name == "meta" and not value):
                continue
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Any) -> Action:
        """An action from a JSON object (a dict, or its text); raises ActionError naming what is wrong."""
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise ActionError(f"not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ActionError(f"an action is a JSON object (got {type(data).__name__})")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ActionError(f"unknown key{'s' * (len(unknown) > 1)} {', '.join(unknown)} "
                              f"(expected {', '.join(sorted(known))})")
        kind = data.get("kind")
        if kind not in ACTION_KINDS:
            raise ActionError(f"kind must be one of {', '.join(ACTION_KINDS)} (got {kind!r})")
        for key in _TEXT_KEYS:
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ActionError(f"{key} must be text (got {type(data[key]).__name__})")
        for key in _REQUIRED.get(kind, ()):
            if not (isinstance(data.get(key), str) and (data[key].strip() or key == "content")):
                raise ActionError(f"a {kind} action needs {key!r} (text)")
        for key in _INT_KEYS:
            value = data.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ActionError(f"{key} must be an integer (got {value!r})")
        for key in _FLOAT_KEYS:
            value = data.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                      or not math.isfinite(value)):
                raise ActionError(f"{key} must be a number (got {value!r})")
        if data.get("meta") is not None and not isinstance(data["meta"], dict):
            raise ActionError("meta must be a JSON object")
        if kind == "tool_call" and data.get("arguments") is not None and not isinstance(data["arguments"],
                                                                                           dict | str):
            raise ActionError("arguments must be a JSON object (or the raw text of one)")
        values = {k: v for k, v in data.items() if v is not None}
        values.setdefault("meta", {})
        if kind == "tool_call":
            values.setdefault("arguments", {})
        return cls(**values)
