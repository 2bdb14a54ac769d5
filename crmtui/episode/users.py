"""User actors for multi-turn play: who writes to the agent.

- `scripted`: deterministic. Opens with the instance's first `reveal` utterance; each time the agent responds
  without an answer of the task's answer kind (it asked something), reveals the next utterance, and once they are
  all out says it has nothing more; stops (###STOP###) as soon as the agent's reply holds an answer of the
  task's kind (an Id with the right key prefix, a month, a state, BANT factors, a stage, an explicit None or a
  refusal; for probes and free-text tasks any statement). A reply that ends with a question mark is a question.
- `llm:<model>`: CRMArena's simulated user: persona + hidden request, progressive disclosure, ###STOP### when
  satisfied (prompts.user_system_prompt). The conversation is seeded with the agent-side greeting "Hi! How can
  I help you today?" as CRMArena does; the model's lines are its own (assistant) messages and the agent's
  replies come to it as user messages.
- `human`: a person types the user's lines (through `engine.apply`).
"""

from __future__ import annotations

from typing import Any

from crmtui.episode import prompts
from crmtui.episode.actions import Action

NOTHING_MORE = "I'm afraid I don't have any more details than that."


def _user_lines(engine: Any) -> list[str]:
    return [s.content or "" for s in engine.steps if s.actor == "user" and s.kind == "message"]


def _last_response(engine: Any) -> str | None:
    for step in reversed(engine.steps):
        if step.kind == "respond":
            return step.answer
    return None


def holds_answer(instance: Any, reply: str | None, schema: Any = None) -> bool:
    """Whether an agent reply gives an answer of the instance's answer kind (not a question)."""
    from crmtui.judge import exact
    from crmtui.judge.privacy import is_refusal

    text = (reply or "").strip()
    if not text or text.rstrip(" *_`'\")").endswith("?"):
        return False  # nothing, or a question
    kind = instance.answer_kind
    if instance.reward_metric == "privacy_rejection" or kind == "refusal":
        return True
    if kind in exact.KINDS and kind != "text":
        prefixes = exact.answer_prefixes(instance.task, kind, instance.answer, schema)
        found = exact.extract(text, kind, prefixes=prefixes)
        return bool(found.values) or found.explicit_none or is_refusal(text)
    return True


class ScriptedUser:
    kind = "scripted"
    name = "scripted"
    model = None
    automatic = True

    def act(self, engine: Any) -> Action:
        instance = engine.instance
        reveal = list(instance.reveal) or [instance.query]
        said = len(_user_lines(engine))
        if said == 0:
            return Action.say(reveal[0])
        if holds_answer(instance, _last_response(engine), engine.schema):
            return Action.stop()
        if said < len(reveal):
            return Action.say(reveal[said])
        return Action.say(NOTHING_MORE)


class LLMUser:
    kind = "llm"
    automatic = True

    def __init__(self, model: str, client: Any = None, **client_options: Any) -> None:
        self.model = model
        self.name = f"llm:{model}"
        if client is None:
            from crmtui.episode.llm import LLMClient

            client = LLMClient(model, **client_options)
        self.client = client

    def messages(self, engine: Any) -> list[dict[str, Any]]:
        instance = engine.instance
        out = [{"role": "system", "content": prompts.user_system_prompt(instance.persona, instance.query)},
               {"role": "user", "content": prompts.USER_OPENING}]
        for step in engine.steps:
            if step.actor == "user" and step.kind == "message" and not (step.meta or {}).get("stop"):
                out.append({"role": "assistant", "content": step.content or ""})
            elif step.kind == "respond":
                out.append({"role": "user", "content": step.answer or ""})
        return out

    def act(self, engine: Any) -> Action:
        response = self.client.complete(self.messages(engine))
        usage = {"prompt_tokens": response.prompt_tokens, "completion_tokens": response.completion_tokens,
                 "cost": response.cost, "duration_ms": response.duration_ms}
        if response.error:
            return Action.failure(str(response.error), **usage)
        text = (response.content or "").strip()
        if prompts.STOP in text:
            return Action.stop(text, **usage)
        return Action.say(text, **usage)


class HumanUser:
    kind = "human"
    model = None
    automatic = False

    def __init__(self, player: str | None = None) -> None:
        self.player = player
        self.name = f"human:{player}" if player else "human"

    def act(self, engine: Any) -> Action:
        raise RuntimeError("a person's lines come through engine.apply()")


class ReplayUser:
    """The user lines of a stored episode, in order; stops when they run out."""

    kind = "scripted"
    model = None
    automatic = True

    def __init__(self, store: Any, episode_id: str) -> None:
        source = store.get_episode(episode_id, steps=True)
        self.name = f"replay:{episode_id}"
        self.lines = [s for s in source.steps or [] if s.actor == "user" and s.kind == "message"]

    def act(self, engine: Any) -> Action:
        said = len(_user_lines(engine))
        if said >= len(self.lines):
            return Action.stop()
        step = self.lines[said]
        if (step.meta or {}).get("stop"):
            return Action.stop(step.content or prompts.STOP)
        return Action.say(step.content or "")


def make_user(spec: str | None, *, store: Any = None, client_options: dict[str, Any] | None = None) -> Any:
    """The user actor for `scripted`, `llm:<model>`, `human` or `replay:<episode>` (None for single-turn)."""
    if not spec:
        return None
    kind, _, rest = spec.partition(":")
    if spec == "scripted":
        return ScriptedUser()
    if kind == "human":
        return HumanUser(rest or None)
    if kind == "llm" and rest:
        return LLMUser(rest, **dict(client_options or {}))
    if kind == "replay" and rest:
        if store is None:
            raise ValueError("replay:<episode> needs the transcript DB (--db)")
        return ReplayUser(store, rest)
    raise ValueError(f"unknown user {spec!r} (expected scripted, llm:<model>, human or replay:<episode>)")
