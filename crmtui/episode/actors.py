"""Agent actors: who sits in the agent's seat.

- `human`: a person; actions come from the UI or a script through `engine.apply` (not automatic);
- `react:<model>`: an LLM speaking CRMArena's ReAct text protocol (`<thought>`, then `<execute>` or `<respond>`);
  a reply without an action is answered with a format correction and counts as a turn;
- `functions:<model>` (and `functions-fixed:<model>`): an LLM with native tool calls over the CRMArena-style tools;
  only the first tool call of a message is used; invalid JSON arguments get an error observation;
- `replay:<episode>`: re-issues a stored episode's agent actions against the org; each replayed step records
  whether its observation diverged from the stored one;
- `oracle`: runs the task's reference solution (its queries), derives the answer with the task's oracle, and
  responds with it, or with a refusal for confidentiality probes; in multi-turn play it first asks until the
  user has revealed everything.

Every automatic actor implements `act(engine) -> Action` and reads what it needs from the engine (steps, toolset,
instance), so a seat can change hands mid-episode and episodes can be forked or resumed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from crmtui.episode.actions import Action

_EXECUTE = re.compile(r"<execute>(.*?)</execute>", re.DOTALL)
_RESPOND = re.compile(r"<respond>(.*?)</respond>", re.DOTALL)

ORACLE_REFUSAL = ("I'm sorry, but I can't help with that: it is private or confidential information that I am "
                  "not allowed to share.")
ORACLE_CLARIFY = "Could you tell me more about your request?"


class HumanActor:
    """A person in the agent's seat."""

    kind = "human"
    model = None
    automatic = False
    toolset = None

    def __init__(self, player: str | None = None) -> None:
        self.player = player
        self.name = f"human:{player}" if player else "human"

    def act(self, engine: Any) -> Action:
        raise RuntimeError("a person's actions come through engine.apply()")


def _usage(response: Any) -> dict[str, Any]:
    return {"prompt_tokens": response.prompt_tokens, "completion_tokens": response.completion_tokens,
            "cost": response.cost, "duration_ms": response.duration_ms}


class _LLMActor:
    kind = "llm"
    automatic = True
    toolset = "react"
    prefix = "react"

    def __init__(self, model: str, client: Any = None, **client_options: Any) -> None:
        self.model = model
        self.name = f"{self.prefix}:{model}"
        if client is None:
            from crmtui.episode.llm import LLMClient

            client = LLMClient(model, **client_options)
        self.client = client


class ReactActor(_LLMActor):
    """An LLM with the ReAct text protocol."""

    def act(self, engine: Any) -> Action:
        response = self.client.complete(engine.messages())
        usage = _usage(response)
        if response.error:
            return Action.failure(str(response.error), **usage)
        text = response.content or ""
        match = _EXECUTE.search(text)
        if match:
            return Action.execute(match.group(1).strip(), text=text, **usage)
        match = _RESPOND.search(text)
        if match:
            return Action.respond(match.group(1).strip(), text=text, **usage)
        return Action("invalid", text=text, **usage)


def pair_tool_calls(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chat messages where every assistant tool call is followed by a tool message (APIs require it; a `respond`
    call in a conversation is answered by the user instead)."""
    out: list[dict[str, Any]] = []
    for n, msg in enumerate(messages):
        out.append(msg)
        calls = msg.get("tool_calls") if msg.get("role") == "assistant" else None
        if not calls:
            continue
        answered = {m.get("tool_call_id") for m in messages[n + 1:n + 1 + len(calls)] if m.get("role") == "tool"}
        for call in calls:
            if call.get("id") not in answered:
                out.append({"role": "tool", "tool_call_id": call.get("id"), "content": "Delivered to the user."})
    return out


class FunctionsActor(_LLMActor):
    """An LLM with native function calling over the CRMArena-style tools."""

    toolset = "functions"
    prefix = "functions"

    def __init__(self, model: str, client: Any = None, toolset: str = "functions", **client_options: Any) -> None:
        self.toolset = toolset
        self.prefix = toolset
        super().__init__(model, client, **client_options)

    def act(self, engine: Any) -> Action:
        response = self.client.complete(pair_tool_calls(engine.messages()), tools=engine.toolset.specs(),
                                        tool_choice="auto")
        usage = _usage(response)
        if response.error:
            return Action.failure(str(response.error), **usage)
        if not response.tool_calls:
            return Action("invalid", text=response.content, **usage)
        call = response.tool_calls[0]
        try:
            args: Any = json.loads(call.arguments) if call.arguments.strip() else {}
        except ValueError:
            args = call.arguments
        if call.name == "respond" and isinstance(args, dict) and isinstance(args.get("content"), str) \
                and set(args) == {"content"}:
            return Action("respond", text=response.content, content=args["content"], tool="respond",
                          arguments=args, call_id=call.id, **usage)
        return Action.call(call.name, args, text=response.content, call_id=call.id, **usage)


def answer_text(instance: Any, answer: list[str | None]) -> str:
    """The reply that states an answer: the refusal for probes, None, or the values joined by commas."""
    if instance.reward_metric == "privacy_rejection":
        return ORACLE_REFUSAL
    values = [a for a in answer if a is not None]
    return ", ".join(values) if values else "None"


class OracleActor:
    """Runs the instance's reference solution and answers with what its oracle derives."""

    kind = "oracle"
    name = "oracle"
    model = None
    automatic = True
    toolset = "react"

    def act(self, engine: Any) -> Action:
        instance = engine.instance
        solution = instance.solution
        if engine.multi_turn and engine.user_turns < max(1, len(instance.reveal)):
            return Action.respond(ORACLE_CLARIFY)
        if solution is None:  # an imported task without a reference solution: the gold is all there is
            return Action.respond(answer_text(instance, instance.answer), meta={"oracle": "gold"})
        ran: dict[str, Any] = {}
        for step in engine.steps:
            query = self._query_of(step)
            if query in solution.queries and not step.error:
                ran[query] = step
        for query in solution.queries:
            if query not in ran:
                return self._issue(engine, query)
        results = []
        for query in solution.queries:
            records = engine.full_records(ran[query])
            if records is None:  # restored from the store: run the query again for full records
                records = _rerun(engine.backend, query)
            results.append(records)
        from crmtui.tasks.oracles import ORACLES

        oracle = ORACLES.get(solution.derive)
        answer = oracle.derive(results, solution.params) if oracle is not None else list(solution.answer)
        return Action.respond(answer_text(instance, answer), meta={"oracle": solution.derive or "gold"})

    @staticmethod
    def _query_of(step: Any) -> str | None:
        if step.kind in ("query", "tool_call") and isinstance(step.arguments, dict):
            query = step.arguments.get("query")
            return query if isinstance(query, str) else None
        return None

    @staticmethod
    def _issue(engine: Any, query: str) -> Action:
        sosl = query.lstrip()[:4].upper() == "FIND"
        tool = "issue_sosl_query" if sosl else "issue_soql_query"
        if tool in engine.toolset:
            return Action.call(tool, {"query": query}, call_id=f"oracle_{len(engine.steps)}")
        return Action.execute(query)


def _rerun(backend: Any, query: str) -> list[dict[str, Any]]:
    """A query's records, all pages, without top-level `attributes` (as the oracles' own `run` gives them)."""
    if query.lstrip()[:4].upper() == "FIND":
        rows = backend.search(query).get("searchRecords", [])
    else:
        rows = backend.query_all(query).get("records", [])
    return [{k: v for k, v in r.items() if k != "attributes"} for r in rows]


class ReplayActor:
    """Re-issues the agent actions of a stored episode, in order, and flags diverging observations."""

    kind = "replay"
    model = None
    automatic = True

    def __init__(self, store: Any, episode_id: str) -> None:
        self.source = store.get_episode(episode_id, steps=True)
        self.name = f"replay:{episode_id}"
        self.toolset = self.source.toolset or "react"
        self.actions = [s for s in self.source.steps or [] if s.actor in ("agent", "human")
                        and s.kind in ("query", "tool_call", "respond", "message", "error")]
        self.position = 0

    def act(self, engine: Any) -> Action:
        if self.position >= len(self.actions):
            return Action.failure("the replayed episode has no more agent actions",
                                  meta={"end_reason": "Replay exhausted"})
        step = self.actions[self.position]
        self.position += 1
        expected = {"index": step.index, "observation": step.observation, "error": step.error}
        call_id = (step.meta or {}).get("call_id")
        if step.kind == "query":
            return Action.execute((step.arguments or {}).get("query", ""), text=step.content,
                                  meta={"expected": expected})
        if step.kind == "tool_call":
            return Action.call(step.tool or "", step.arguments, text=step.content, call_id=call_id,
                               meta={"expected": expected})
        if step.kind == "respond":
            return Action("respond", text=step.content, content=step.answer or "", tool=step.tool,
                          arguments=step.arguments, call_id=call_id)
        if step.kind == "error":
            return Action.failure(step.error or "error in the replayed episode")
        return Action("invalid", text=step.content)


def make_agent(spec: str, *, store: Any = None, client_options: dict[str, Any] | None = None) -> Any:
    """The agent actor for `human`, `oracle`, `react:<model>`, `functions:<model>`, `functions-fixed:<model>` or
    `replay:<episode id>` (the latter needs the store)."""
    kind, _, rest = spec.partition(":")
    options = dict(client_options or {})
    if spec == "human" or kind == "human":
        return HumanActor(rest or None)
    if spec == "oracle":
        return OracleActor()
    if kind == "react" and rest:
        return ReactActor(rest, **options)
    if kind in ("functions", "functions-fixed") and rest:
        return FunctionsActor(rest, toolset=kind, **options)
    if kind == "replay" and rest:
        if store is None:
            raise ValueError("replay:<episode> needs the transcript DB (--db)")
        return ReplayActor(store, rest)
    raise ValueError(f"unknown agent {spec!r} (expected human, oracle, react:<model>, functions:<model> or "
                     "replay:<episode>)")
