"""CRMArena `run_tasks.py` result records <-> episodes and steps (reference/crmarena.md §4).

A record is `{task_id, task_type, gt_answer, reward, agent_info, traj}` (redistributions may call `traj`
`messages` and add keys such as `id` or `org_type`). Its trajectory becomes steps:

- ReAct (`<thought>…</thought><execute>…</execute>` / `<respond>…</respond>`, v1 `<submit>`): each assistant message
  is one agent step (`query` with `arguments={"query": …}`, `respond` with `arguments={"content": …}`, or a plain
  `message` when it holds neither); the next "Salesforce instance output: …" user message becomes that query's
  `observation` (records parsed from their Python repr) or `error` (`INVALID_FIELD: …`); the "Invalid output
  format!" correction is a `system` `error` step; other user messages are `user` `message` steps (the query, or
  the simulated user's lines in multi-turn runs).
- Function calling (OpenAI `tool_calls` + `{"role": "tool"}` messages): each assistant message is a `tool_call`
  (`tool`, parsed `arguments`, the call id in `meta`) whose tool message is its observation; the `respond` tool
  is a `respond` step.
- `agent_info.usage` arrays give each agent step its tokens and cost (one LLM call per assistant message).

The conversion is lossless: `render_traj(steps)` gives back the record's trajectory exactly. Whatever the
canonical rendering of a step does not reproduce (litellm extras on a message, an observation whose repr is not
canonical) is kept in the step's `meta["crmarena"]` as a patch.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any

from crmtui.store import hashing
from crmtui.store.model import Episode, Step

OBS_PREFIX = "Salesforce instance output: "
REACT_RULE_PREFIX = "Invalid output format!"
_EXECUTE = re.compile(r"<execute>(.*?)</execute>", re.DOTALL)
_RESPOND = re.compile(r"<respond>(.*?)</respond>", re.DOTALL)
_SUBMIT = re.compile(r"<submit>(.*?)</submit>", re.DOTALL)
_ERROR = re.compile(r"(?:[A-Z][A-Z0-9_]{2,}|Error): ")
_LITERAL_LIMIT = 8_000_000
_MISSING = object()
_FILENAME = re.compile(r"results_(?P<model>.+?)_(?P<strategy>react|act|tool_call_flex|tool_call)_")
CORE_KEYS = ("task_id", "task_type", "gt_answer", "reward", "agent_info")
_canon = hashing.canonical_json


class RecordError(ValueError):
    """A record that is not a CRMArena result: the message says which field and why."""


# -- observations ---------------------------------------------------------------------------------------------

def _literal(text: str) -> Any:
    """The JSON value whose Python repr is exactly `text` (query results are printed with str()), else _MISSING."""
    if not text or text[0] not in "[{" or len(text) > _LITERAL_LIMIT:
        return _MISSING
    try:
        value = json.loads(hashing.to_storage(ast.literal_eval(text)))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _MISSING
    return value if repr(value) == text else _MISSING


def parse_observation(text: str) -> tuple[Any, str | None]:
    """(observation, error) of a tool or query output as printed by CRMArena."""
    if _ERROR.match(text):
        return None, text
    value = _literal(text)
    return (text if value is _MISSING else value), None


def render_observation(observation: Any, error: str | None) -> str:
    if error is not None:
        return error
    if isinstance(observation, str):
        return observation
    return repr(observation)


# -- messages -> steps ----------------------------------------------------------------------------------------

def _agent_step(msg: dict[str, Any], where: str) -> Step:
    content = msg.get("content") if isinstance(msg.get("content"), str) else None  # parts: kept by the patch
    calls = msg.get("tool_calls")
    if calls:
        if not isinstance(calls, list) or not isinstance(calls[0], dict):
            raise RecordError(f"{where}: tool_calls is not a list of calls")
        call = calls[0]
        fn = call.get("function")
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise RecordError(f"{where}: tool call without a function name")
        raw = fn.get("arguments")
        args: Any = raw
        if isinstance(raw, str):
            try:
                args = json.loads(raw)
            except ValueError:
                args = raw  # invalid JSON from the model: kept as the string it was
        meta = {"call_id": call.get("id")}
        kind = "respond" if fn["name"] == "respond" else "tool_call"
        return Step("agent", kind, content=content, tool=fn["name"], arguments=args, meta=meta)
    if isinstance(content, str):
        m = _EXECUTE.search(content)
        if m:
            query = m.group(1).strip()
            tool = "sosl" if query.upper().startswith("FIND") else "soql"
            return Step("agent", "query", content=content, tool=tool, arguments={"query": query})
        m = _RESPOND.search(content) or _SUBMIT.search(content)
        if m:
            return Step("agent", "respond", content=content, arguments={"content": m.group(1).strip()})
    return Step("agent", "message", content=content)


def traj_to_steps(traj: Any) -> list[Step]:
    """Steps reconstructing a CRMArena trajectory (see the module docstring); raises RecordError."""
    if not isinstance(traj, list):
        raise RecordError(f"traj must be a list of messages (got {_type(traj)})")
    steps: list[Step] = []
    sources: list[list[dict[str, Any]]] = []
    pending: Step | None = None
    for position, msg in enumerate(traj):
        where = f"traj[{position}]"
        if not isinstance(msg, dict):
            raise RecordError(f"{where}: a message must be an object (got {_type(msg)})")
        role = msg.get("role")
        if not isinstance(role, str):
            raise RecordError(f"{where}: message without a role")
        content = msg.get("content")
        if content is not None and not isinstance(content, (str, list)):
            raise RecordError(f"{where}: content must be text, a list of parts or null (got {_type(content)})")
        if role == "assistant":
            step = _agent_step(msg, where)
            steps.append(step)
            sources.append([msg])
            pending = step if step.kind in ("query", "tool_call") else None
            continue
        if (role == "user" and pending is not None and pending.kind == "query" and isinstance(content, str)
                and content.startswith(OBS_PREFIX)):
            pending.observation, pending.error = parse_observation(content[len(OBS_PREFIX):])
            sources[-1].append(msg)
            pending = None
            continue
        if (role == "tool" and pending is not None and pending.kind == "tool_call" and isinstance(content, str)
                and msg.get("tool_call_id") == pending.meta.get("call_id")):
            pending.observation, pending.error = parse_observation(content)
            sources[-1].append(msg)
            pending = None
            continue
        pending = None
        if role == "system":
            step = Step("system", "message", content=content if isinstance(content, str) else None)
        elif role == "user" and isinstance(content, str) and content.startswith(REACT_RULE_PREFIX):
            step = Step("system", "error", content=content)
        elif role == "user":
            step = Step("user", "message", content=content if isinstance(content, str) else None)
        elif role == "tool":
            obs, err = parse_observation(content) if isinstance(content, str) else (content, None)
            step = Step("system", "tool_result", tool=msg.get("name") if isinstance(msg.get("name"), str) else None,
                        observation=obs, error=err, meta={"call_id": msg.get("tool_call_id")})
        else:
            step = Step("system", "message", content=content if isinstance(content, str) else None)
        steps.append(step)
        sources.append([msg])
    for step, original in zip(steps, sources, strict=True):
        patch = _patch(step_messages(step, patched=False), original)
        if patch is not None:
            step.meta["crmarena"] = patch
    return steps


def _patch(rendered: list[dict[str, Any]], original: list[dict[str, Any]]) -> dict[str, Any] | None:
    if len(rendered) != len(original):
        return {"raw": original}
    diffs, changed = [], False
    for r, o in zip(rendered, original, strict=True):
        set_ = {k: v for k, v in o.items() if k not in r or _canon(r[k]) != _canon(v)}
        drop = [k for k in r if k not in o]
        diffs.append({k: v for k, v in (("set", set_), ("del", drop)) if v})
        changed = changed or bool(set_ or drop)
    if not changed:
        return None
    result = {"patch": diffs}
    if _canon(_apply(rendered, result)) != _canon(original):  # cannot happen, but never lose a message
        return {"raw": original}
    return result


def _apply(rendered: list[dict[str, Any]], patch: dict[str, Any]) -> list[dict[str, Any]]:
    if "raw" in patch:
        return [dict(m) for m in patch["raw"]]
    out = []
    for msg, diff in zip(rendered, patch.get("patch", []), strict=False):
        msg = dict(msg)
        msg.update(diff.get("set", {}))
        for key in diff.get("del", []):
            msg.pop(key, None)
        out.append(msg)
    return out


# -- steps -> messages ----------------------------------------------------------------------------------------

def step_messages(step: Step, patched: bool = True) -> list[dict[str, Any]]:
    """The CRMArena messages of one step (assistant + its observation, a user line...)."""
    out = _render(step)
    patch = step.meta.get("crmarena") if patched and step.meta else None
    return _apply(out, patch) if patch else out


def _render(step: Step) -> list[dict[str, Any]]:
    kind = step.kind
    if kind in ("takeover", "handback") or (kind == "error" and step.actor != "system"):
        return []  # not part of the conversation a CRMArena trajectory records (an actor's own failure...)
    if step.actor in ("agent", "human"):
        if step.tool is not None and kind in ("tool_call", "respond") and step.tool not in ("soql", "sosl"):
            call_id = (step.meta or {}).get("call_id") or f"call_{step.index if step.index is not None else 0}"
            args = step.arguments
            args_text = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False,
                                                                     separators=(",", ":"))
            msgs = [{"content": step.content, "role": "assistant", "tool_calls": [
                {"function": {"arguments": args_text, "name": step.tool}, "id": call_id, "type": "function"}]}]
            if kind == "tool_call" and (step.observation is not None or step.error is not None):
                msgs.append({"role": "tool", "tool_call_id": call_id, "name": step.tool,
                             "content": render_observation(step.observation, step.error)})
            return msgs
        text = step.content
        if text is None and kind == "query" and isinstance(step.arguments, dict):
            text = f"<execute> {step.arguments.get('query', '')} </execute>"
        elif text is None and kind == "respond":
            text = f"<respond> {step.answer or ''} </respond>"
        msgs = [{"role": "assistant", "content": text}]
        if kind == "query" and (step.observation is not None or step.error is not None):
            msgs.append({"role": "user", "content": OBS_PREFIX + render_observation(step.observation, step.error)})
        return msgs
    if step.actor == "system":
        if kind == "message":
            return [{"role": "system", "content": step.content}]
        if kind == "tool_result":
            return [{"role": "tool", "tool_call_id": (step.meta or {}).get("call_id"), "name": step.tool,
                     "content": render_observation(step.observation, step.error)}]
        return [{"role": "user", "content": step.content if step.content is not None else step.error}]
    return [{"role": "user", "content": step.content}]


def render_traj(steps: list[Step]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for step in steps:
        out += step_messages(step)
    return out


# -- records -> episodes --------------------------------------------------------------------------------------

@dataclass
class Converted:
    episode: Episode
    steps: list[Step]
    finish: dict[str, Any]  # keyword arguments of Store.finish_episode


def _type(value: Any) -> str:
    return {type(None): "null", bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def model_from_filename(name: str) -> str | None:
    """The model of a `results_{model}_{strategy}_{task}….json` checkpoint file name."""
    m = _FILENAME.match(name)
    return m.group("model") if m else None


def _org_kind(record: dict[str, Any]) -> str | None:
    org = record.get("org_type")
    if isinstance(org, str) and org in ("original", "b2b", "b2c"):
        return org
    rid = record.get("id")
    if isinstance(rid, str):
        for prefix, kind in (("crmarenapro_b2b_", "b2b"), ("crmarenapro_b2c_", "b2c"), ("crmarena_", "original")):
            if rid.startswith(prefix):
                return kind
    gt = record.get("gt_answer")
    if "gt_answer" in record and not isinstance(gt, list):
        return "original"  # the original suite's gold answers are scalars, CRMArena-Pro's are lists
    return None


def _numbers(value: Any) -> list[Any] | None:
    if isinstance(value, list) and all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
                                       for v in value):
        return value
    return None


def source_identity(record: dict[str, Any], traj: list[Any]) -> tuple[dict[str, Any], str]:
    """(the record's fields other than its trajectory and model, the content hash that identifies it)."""
    rest = {k: v for k, v in record.items() if k not in ("traj", "messages", "model")}
    if "traj" in record and "messages" in record:
        rest["messages"] = record["messages"]
    try:
        return rest, hashing.content_hash({**rest, "traj": traj})
    except ValueError:
        raise RecordError("the record holds NaN or Infinity, which JSON does not allow") from None


def convert_record(record: Any, *, model_hint: str | None = None) -> Converted:
    """An episode (header, steps, result) for one CRMArena result record; raises RecordError."""
    from crmtui.tasks.known import RAW_TASK_NAMES

    if not isinstance(record, dict):
        raise RecordError(f"a result record must be an object (got {_type(record)})")
    traj = record["traj"] if "traj" in record else record.get("messages")
    if traj is None:
        raise RecordError("no trajectory: the record has neither 'traj' nor 'messages'")
    task_id = record.get("task_id")
    if isinstance(task_id, bool) or not isinstance(task_id, int):
        if isinstance(task_id, str) and task_id.isdigit():
            task_id = int(task_id)
        else:
            raise RecordError(f"task_id must be an integer (got {_type(record.get('task_id'))})")
    task_type = record["task_type"] if "task_type" in record else record.get("type")
    if not isinstance(task_type, str) or not task_type:
        raise RecordError(f"task_type must be a task name (got {_type(task_type)})")
    if "reward" not in record:
        raise RecordError("no reward")
    reward_value = record["reward"]
    if isinstance(reward_value, dict):
        f1 = reward_value.get("f1")
        if f1 is not None and (isinstance(f1, bool) or not isinstance(f1, (int, float))):
            raise RecordError(f"reward.f1 must be a number (got {_type(f1)})")
        reward = None if f1 is None else float(f1)
    elif reward_value is None or isinstance(reward_value, (int, float)):  # bool: ToolEnv's raw `==`
        reward = None if reward_value is None else float(reward_value)
    else:
        raise RecordError(f"reward must be a number or a metrics object (got {_type(reward_value)})")
    info = record.get("agent_info", {})
    if info is None:
        info = {}
    if not isinstance(info, dict):
        raise RecordError(f"agent_info must be an object (got {_type(info)})")
    model = record.get("model") if isinstance(record.get("model"), str) else model_hint

    steps = traj_to_steps(traj)
    agent_steps = [s for s in steps if s.actor == "agent"]
    usage = info.get("usage") if isinstance(info.get("usage"), dict) else {}
    arrays = {k: _numbers(usage.get(k)) for k in ("cost", "prompt_tokens", "completion_tokens")}
    for key, values in arrays.items():
        if values is not None and len(values) == len(agent_steps):
            for step, value in zip(agent_steps, values, strict=True):
                setattr(step, key, value)
    end = info.get("end_reason")
    if isinstance(end, dict):
        end_reason = end.get("message") if isinstance(end.get("message"), str) else None
        end_detail: Any = end
    elif info.get("source") == "api":
        end_reason, end_detail = "API error", {k: info[k] for k in ("source", "content") if k in info}
    else:
        end_reason, end_detail = (end if isinstance(end, str) else None), None
    answers = [s.answer for s in steps if s.kind == "respond"]
    final = answers[-1] if answers else (end.get("content") if isinstance(end, dict)
                                         and isinstance(end.get("content"), str) else None)
    total_cost = info.get("total_cost")
    if isinstance(total_cost, bool) or not isinstance(total_cost, (int, float)):
        costs = arrays["cost"]
        total_cost = sum(c for c in costs if c is not None) if costs else None
    tokens = {k: (sum(int(v) for v in arrays[k] if v is not None) if arrays[k] else None)
              for k in ("prompt_tokens", "completion_tokens")}
    toolset = "functions" if any(s.kind == "tool_call" or (s.kind == "respond" and s.tool) for s in steps) \
        else "react"
    first_agent = next((i for i, s in enumerate(steps) if s.actor == "agent"), len(steps))
    multi_turn = any(s.actor == "user" for s in steps[first_agent:])
    org_kind = _org_kind(record)
    suite = {"original": "crmarena", "b2b": "crmarena_pro", "b2c": "crmarena_pro"}.get(org_kind or "")
    rest, digest = source_identity(record, traj)
    episode = Episode(
        id=f"cra-{digest[:24]}", agent_kind="llm", task_name=RAW_TASK_NAMES.get(task_type, task_type),
        task_idx=task_id, suite=suite, org_kind=org_kind, toolset=toolset, agent_model=model,
        user_kind="llm" if multi_turn else None, started_at=None, source="imported", source_format="crmarena",
        source_hash=digest)
    finish = {"status": "finished", "end_reason": end_reason, "end_detail": end_detail, "final_answer": final,
              "reward": reward, "reward_detail": reward_value, "prompt_tokens": tokens["prompt_tokens"],
              "completion_tokens": tokens["completion_tokens"], "cost": total_cost,
              "extra": {"crmarena": rest}}
    return Converted(episode, steps, finish)


# -- episodes -> records --------------------------------------------------------------------------------------

def episode_record(episode: Episode, task_json: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CRMArena result record of an episode (imported ones come back as they were)."""
    steps = episode.steps or []
    traj = render_traj(steps)
    base = (episode.extra or {}).get("crmarena") if isinstance(episode.extra, dict) else None
    if isinstance(base, dict):
        record = {k: base[k] for k in CORE_KEYS if k in base}
        record["traj"] = traj
        record.update({k: v for k, v in base.items() if k not in record})
        if episode.agent_model is not None and "model" not in record:
            record["model"] = episode.agent_model
        return record
    agent = [s for s in steps if s.actor in ("agent", "human") and s.kind in ("query", "tool_call", "respond",
                                                                              "message")]
    gold: Any = None
    if task_json is not None:
        answer = task_json.get("answer")
        gold = answer[0] if episode.suite == "crmarena" and isinstance(answer, list) and len(answer) == 1 else answer
    reward: Any = episode.reward_detail
    if reward is None and episode.reward is not None:
        reward = int(episode.reward) if episode.reward in (0.0, 1.0) else episode.reward
    end = episode.end_detail if isinstance(episode.end_detail, dict) else {
        "source": "agent", "message": episode.end_reason, "content": episode.final_answer}
    ptok = [s.prompt_tokens for s in agent]
    ctok = [s.completion_tokens for s in agent]
    info = {
        "observation_sizes": [len(s.observation) for s in steps if s.kind in ("query", "tool_call")
                              and isinstance(s.observation, list)],
        "end_reason": end,
        "usage": {"cost": [s.cost for s in agent], "completion_tokens": ctok, "prompt_tokens": ptok,
                  "total_tokens": [None if p is None or c is None else p + c for p, c in zip(ptok, ctok,
                                                                                                  strict=True)]},
        "total_cost": episode.cost if episode.cost is not None else 0.0,
        "num_turns": len(agent),
    }
    record = {"task_id": episode.task_idx, "task_type": episode.task_name, "gt_answer": gold, "reward": reward,
              "agent_info": info, "traj": traj, "crmtui_episode": episode.id}
    if episode.org_kind is not None:
        record["org_type"] = episode.org_kind
    if episode.agent_model is not None:
        record["model"] = episode.agent_model
    return record
