"""Episodes and steps through the Store API: rows written, hashes, totals, resumable episodes, forks, errors."""

from __future__ import annotations

import hashlib
import json

import pytest

from crmtui.store import EpisodeStateError, Step, UnknownEpisodeError, ValidationError, open_store
from crmtui.tasks.model import TaskInstance

from .conftest import raw, timed_step


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_task(idx: int = 7, answer: list | None = None, query: str = "Who handled it fastest?") -> TaskInstance:
    return TaskInstance(idx=idx, task="handle_time", persona="", required="Today's date: 2025-06-30", optional="",
                        reward_metric="exact_match", query=query, answer=answer or ["005000000000000AAA"],
                        id=f"b2b/handle_time/{idx:04d}", org="b2b", suite="crmarena_pro", domain="service",
                        skill="database_querying", audience="internal", answer_kind="user_id")


def test_hash_chain_format_is_pinned(store):
    """The genesis and step hashes, recomputed here from the documented canonical form."""
    ep = store.start_episode(agent_kind="llm", agent_model="gpt-4o", toolset="react", episode_id="ep1",
                             started_at="2025-01-01T00:00:00.000Z")
    header = ('{"agent_kind":"llm","agent_model":"gpt-4o","config":null,"id":"ep1","org_hash":null,"org_kind":null,'
              '"parent_episode_id":null,"parent_step":null,"player":null,"prompt_variant":null,"source":"played",'
              '"source_format":null,"source_hash":null,"started_at":"2025-01-01T00:00:00.000Z","suite":null,'
              '"task_hash":null,"task_id":null,"task_idx":null,"task_name":null,"toolset":"react",'
              '"user_kind":null,"user_model":null}')
    genesis = hashlib.sha256(b"crmtui-episode/1\n" + header.encode()).hexdigest()
    assert ep.genesis_hash == genesis == ep.head_hash
    step = store.append_step("ep1", Step("user", "message", content="Hi \u00e9", started_at="2025-01-01T00:00:01Z"))
    payload = ('{"actor":"user","arguments":null,"completion_tokens":null,"content":"Hi \\u00e9","cost":null,'
               '"duration_ms":null,"ended_at":null,"error":null,"kind":"message","meta":null,"observation":null,'
               '"prompt_tokens":null,"started_at":"2025-01-01T00:00:01Z","tool":null}')
    assert (step.index, step.prev_hash, step.hash) == (0, genesis, sha(genesis + "\n" + payload))
    row = raw(store.path).execute("SELECT episode_id, idx, actor, kind, content, prev_hash, hash FROM steps").fetchall()
    assert row == [("ep1", 0, "user", "message", "Hi \u00e9", genesis, step.hash)]
    assert raw(store.path).execute("SELECT step_count, head_hash FROM episodes").fetchall() == [(1, step.hash)]


def test_round_trip_of_an_episode(store):
    task = make_task()
    ep = store.start_episode(task=task, toolset="react", agent_kind="llm", agent_model="gpt-4o",
                             prompt_variant="internal", player="alice", org_hash="f" * 64, config={"max_turns": 20})
    assert (ep.task_id, ep.task_name, ep.task_idx, ep.suite, ep.org_kind) == (
        "b2b/handle_time/0007", "handle_time", 7, "crmarena_pro", "b2b")
    written = [store.append_step(ep.id, timed_step(i)) for i in range(3)]
    written.append(store.append_step(ep.id, Step("agent", "respond", content="<respond> 005 </respond>",
                                                 arguments={"content": "005"}, prompt_tokens=50, cost=0.5,
                                                 ended_at="2025-01-01T00:01:00Z")))
    assert [s.index for s in written] == [0, 1, 2, 3]
    assert [s.prev_hash for s in written[1:]] == [s.hash for s in written[:-1]]
    done = store.finish_episode(ep.id, reward=1, active_ms=61_000, ended_at="2025-01-01T00:01:01Z")
    assert (done.status, done.final_answer, done.reward, done.step_count, done.head_hash) == (
        "finished", "005", 1.0, 4, written[-1].hash)
    assert (done.prompt_tokens, done.completion_tokens, done.cost) == (100 + 101 + 102 + 50, 30, 0.503)
    loaded = store.get_episode(ep.id)
    assert loaded.steps == written
    assert loaded.config == {"max_turns": 20} and loaded.player == "alice" and loaded.active_ms == 61000.0
    assert loaded.task_hash == store.task_row(task.id)["hash"]
    assert store.get_task(task.id) == task
    assert raw(store.path).execute("SELECT id FROM annotators").fetchall() == [("alice",)]
    assert store.verify().ok


def test_tasks_are_versioned_not_overwritten(store):
    first = make_task()
    assert store.put_tasks([first, first]) == 1
    changed = make_task(answer=["005000000000000BBB"])
    store.put_task(changed)
    rows = raw(store.path).execute("SELECT id, org, task, suite, idx FROM tasks ORDER BY rowid").fetchall()
    assert rows == [("b2b/handle_time/0007", "b2b", "handle_time", "crmarena_pro", 7)] * 2
    assert store.get_task("b2b/handle_time/0007").answer == ["005000000000000BBB"]
    stored = json.loads(raw(store.path).execute("SELECT json FROM tasks ORDER BY rowid").fetchone()[0])
    assert stored == first.to_json()


def test_closed_episodes_refuse_steps(store):
    ep = store.start_episode(agent_kind="human")
    store.append_step(ep.id, timed_step(0))
    store.abandon_episode(ep.id, reason="closed the laptop")
    with pytest.raises(EpisodeStateError, match=f"episode {ep.id} is abandoned: no step can be added"):
        store.append_step(ep.id, timed_step(1))
    with pytest.raises(EpisodeStateError, match="is already abandoned"):
        store.finish_episode(ep.id)
    assert store.get_episode(ep.id).step_count == 1
    with pytest.raises(UnknownEpisodeError, match="no episode with id 'nope'"):
        store.append_step("nope", timed_step(0))


@pytest.mark.parametrize(("step", "message"), [
    (Step("robot", "message"), "step actor must be one of agent, human, user, system (got 'robot')"),
    (Step("agent", "think"), "step kind must be one of message, query"),
    (Step("agent", "query", cost=float("nan")), "step cost must be a finite number or null"),
    (Step("agent", "query", prompt_tokens=1.5), "step prompt_tokens must be an integer or null"),
    (Step("agent", "query", arguments={"ids": {1, 2}}), "step arguments is not JSON-serialisable"),
    (Step("agent", "message", content=b"bytes"), "step content must be text or null"),
    (Step("agent", "message", content="\ud800"), "holds text that is not valid Unicode"),
])
def test_invalid_steps_are_refused_and_nothing_is_written(store, step, message):
    ep = store.start_episode(agent_kind="human")
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        store.append_step(ep.id, step)
    assert raw(store.path).execute("SELECT COUNT(*) FROM steps").fetchone() == (0,)
    assert store.get_episode(ep.id).step_count == 0


def test_resumable_lists_running_episodes_with_every_committed_step(db_path):
    with open_store(db_path) as store:
        running = store.start_episode(agent_kind="llm", episode_id="run")
        done = store.start_episode(agent_kind="llm", episode_id="done")
        for i in range(4):
            store.append_step(running.id, timed_step(i))
        store.append_step(done.id, timed_step(0))
        store.finish_episode(done.id)
    with open_store(db_path) as store:
        resumable = store.resumable()
        assert [(e.id, e.status, [s.index for s in e.steps]) for e in resumable] == [("run", "running", [0, 1, 2, 3])]
        nxt = store.append_step("run", timed_step(4))
        assert nxt.index == 4 and nxt.prev_hash == resumable[0].steps[-1].hash
        assert store.verify().ok


def test_fork_copies_the_prefix_into_a_new_chain(store):
    parent = store.start_episode(agent_kind="llm", agent_model="gpt-4o", toolset="react", episode_id="p")
    for i in range(5):
        store.append_step("p", timed_step(i))
    store.finish_episode("p", reward=0)
    child = store.fork_episode("p", 2, agent_kind="human", player="bob")
    assert (child.parent_episode_id, child.parent_step, child.agent_kind, child.agent_model, child.toolset) == (
        "p", 2, "human", "gpt-4o", "react")
    assert [s.content for s in child.steps] == [s.content for s in store.steps("p")[:3]]
    assert child.steps[0].prev_hash == child.genesis_hash != parent.genesis_hash
    store.append_step(child.id, Step("human", "respond", arguments={"content": "005"}))
    assert store.verify().ok
    with pytest.raises(ValidationError, match="episode p has no step 5"):
        store.fork_episode("p", 5)


def test_finish_defaults_and_explicit_totals(store):
    ep = store.start_episode(agent_kind="llm")
    store.append_step(ep.id, Step("agent", "respond", arguments={"content": "first"}, cost=0.25, prompt_tokens=3))
    store.append_step(ep.id, Step("user", "message", content="more?"))
    store.append_step(ep.id, Step("agent", "respond", content="<respond> second </respond>"))
    done = store.finish_episode(ep.id, cost=9.0, end_reason="Submit action", reward_detail={"f1": 0.5}, reward=0.5,
                                extra={"note": "x"}, end_detail={"source": "agent"})
    # without `arguments`, the answer of a respond step is its content as written
    assert (done.final_answer, done.cost, done.prompt_tokens, done.completion_tokens) == (
        "<respond> second </respond>", 9.0, 3, None)
    assert (done.reward_detail, done.extra, done.end_detail) == ({"f1": 0.5}, {"note": "x"}, {"source": "agent"})
    with pytest.raises(ValidationError, match="an episode ends as finished or abandoned"):
        store.finish_episode(store.start_episode(agent_kind="llm").id, status="running")


def test_header_validation(store):
    with pytest.raises(ValidationError, match="agent kind must be one of human, llm, replay, oracle"):
        store.start_episode(agent_kind="robot")
    with pytest.raises(ValidationError, match="user kind must be one of llm, scripted, human"):
        store.start_episode(agent_kind="llm", user_kind="alien")
    assert store.episodes() == []
