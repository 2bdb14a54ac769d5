"""The task card: what the player is asked, the context they get, and (unless blind) the gold answer."""

from __future__ import annotations

import inspect
from typing import Any

from rich.console import Group
from rich.text import Text

from crmtui.app.render import answer_text


def task_card(instance: Any, *, blind: bool, outcome: Any = None, episode: Any = None,
              user_seat: bool = False) -> Group:
    """A compact card; `outcome` (the engine's) or `episode` (a stored one) adds the result line. With
    `user_seat` (a person plays the user) the persona and what to reveal, turn by turn, come first."""
    parts: list[Any] = []
    if instance is None:
        name = getattr(episode, "task_name", None) or getattr(episode, "task_id", None) or "unknown task"
        parts.append(Text.assemble((str(name), "bold"), ("  (the task is not in the transcript DB)", "dim")))
    else:
        parts.append(Text.assemble((instance.id, "bold"), (f"  {instance.domain} · {instance.skill} · "
                                                          f"{instance.reward_metric}", "dim")))
        if user_seat:
            if instance.persona:
                parts.append(Text.assemble(("you are: ", "dim"), instance.persona))
            reveal = list(instance.reveal) or [instance.query]
            parts.append(Text.assemble(("reveal, one turn at a time: ", "dim"),
                                       " · ".join(f"{n}. {r}" for n, r in enumerate(reveal, 1))))
            parts.append(Text("end with ###STOP### once the agent has answered", style="dim"))
        parts.append(Text(instance.query))
        required = inspect.cleandoc(instance.required or "")
        if required:
            parts.append(Text(required, style="dim"))
        if blind:
            parts.append(Text("gold: hidden (blind)", style="dim italic"))
        else:
            parts.append(Text.assemble(("gold: ", "dim"), (answer_text(instance.answer).replace("\n", ", "),
                                                           "bold green")))
    result = _result(outcome, episode)
    if result is not None:
        parts.append(result)
    return Group(*parts)


def _result(outcome: Any, episode: Any) -> Text | None:
    if outcome is not None:
        reward, reason, answer = outcome.reward, outcome.end_reason, outcome.final_answer
    elif episode is not None and episode.status != "running":
        reward, reason, answer = episode.reward, episode.end_reason, episode.final_answer
    else:
        return None
    if reward is None:
        return Text.assemble(("ended: ", "bold"), f"{reason} (not scored)")
    ok = reward >= 1.0
    return Text.assemble(("✓ correct" if ok else "✗ wrong", "bold green" if ok else "bold red"),
                         f"  reward {reward:g} · {reason}", ("  answer: ", "dim"), str(answer or "")[:200])
