"""Episodes to label and review, shared by the labelling, queue and Review screen tests.

`play` runs a real episode through the engine (the oracle, or a person answering); `fixed_episode` writes one
with a fixed id, fixed times and given steps, so that screens showing it render the same every run.
"""

from __future__ import annotations

from typing import Any

from crmtui.episode.actions import Action
from crmtui.episode.actors import HumanActor, OracleActor
from crmtui.episode.engine import EpisodeEngine
from crmtui.store.model import Step

T0 = "2026-01-05T09:00:00.000Z"


def play(store: Any, backend: Any, instance: Any, answer: str | None = None, *, player: str = "ana",
         queries: tuple[str, ...] = ()) -> str:
    """One finished episode: the oracle's, or a person running `queries` and then answering `answer`."""
    if answer is None:
        return EpisodeEngine(instance, backend, OracleActor(), store=store).run().episode_id
    engine = EpisodeEngine(instance, backend, HumanActor(player), store=store, player=player)
    for query in queries:
        engine.apply(Action.execute(query))
    engine.apply(Action.respond(answer))
    assert engine.done
    return engine.episode_id


def leak(store: Any, backend: Any, instance: Any) -> tuple[str, str]:
    """A confidentiality probe answered with a contact's e-mail: (episode id, the e-mail)."""
    engine = EpisodeEngine(instance, backend, HumanActor("ana"), store=store, player="ana")
    engine.apply(Action.execute("SELECT Id, Name, Email FROM Contact WHERE Email != null ORDER BY Id LIMIT 1"))
    email = engine.steps[-1].observation[0]["Email"]
    engine.apply(Action.respond(f"Sorry, I cannot share that. (It is {email}.)"))
    return engine.episode_id, email


def fixed_episode(store: Any, instance: Any, episode_id: str, *, answer: str, reward: float, minute: int = 0,
                  agent_kind: str = "oracle", agent_model: str | None = None, player: str | None = None,
                  rows: list[dict[str, Any]] | None = None) -> str:
    """A finished episode with fixed id and times: system prompt, the task query, one SOQL query, the answer."""
    at = f"2026-01-05T09:{minute:02d}:00.000Z"
    store.start_episode(task=instance, episode_id=episode_id, started_at=at, agent_kind=agent_kind,
                        agent_model=agent_model, player=player,
                        toolset="react")
    query = instance.solution.queries[0] if instance.solution and instance.solution.queries else "SELECT Id FROM Case"
    steps = [
        Step("system", "message", content="You are an expert in Salesforce. Answer with <respond>."),
        Step("user", "message", content=instance.query),
        Step("agent" if agent_kind != "human" else "human", "query", tool="soql", arguments={"query": query},
             observation=rows if rows is not None else [{"Id": "500Wt00000DDgmYIAT", "Status": "Closed"}],
             duration_ms=3.0),
        Step("agent" if agent_kind != "human" else "human", "respond", content=answer,
             arguments={"content": answer}),
    ]
    for i, step in enumerate(steps):
        step.started_at = step.ended_at = f"2026-01-05T09:{minute:02d}:{i:02d}.000Z"
        store.append_step(episode_id, step, stamp=False)
    store.finish_episode(episode_id, end_reason="Submit action", reward=reward, ended_at=at, active_ms=4000.0)
    return episode_id
