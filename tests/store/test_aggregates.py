"""Per-task aggregates for the Tasks screen (crmtui/store/aggregates.py): exact counts in one GROUP BY."""

from __future__ import annotations

import pytest

from crmtui.store.aggregates import STATS_SQL, TaskStats, task_stats

from .test_episodes import make_task


def _run(store, task, kind: str, reward: float | None, status: str = "finished") -> None:
    ep = store.start_episode(task=task, agent_kind=kind)
    if status == "finished":
        store.finish_episode(ep.id, reward=reward)
    elif status == "abandoned":
        store.abandon_episode(ep.id)


def test_task_stats_exact_values(store):
    t1, t2, t3 = make_task(1), make_task(2), make_task(3)
    _run(store, t1, "human", 1.0)
    _run(store, t1, "human", 0.0)
    _run(store, t1, "human", None, status="running")  # not a run yet
    _run(store, t1, "human", None, status="abandoned")  # not counted
    _run(store, t1, "llm", 1.0)
    _run(store, t1, "llm", 0.0)
    _run(store, t1, "llm", 0.5)
    _run(store, t1, "oracle", 1.0)
    _run(store, t1, "replay", 1.0)  # re-executions of stored runs are not counted
    _run(store, t2, "llm", 0.0)
    store.review_gold(t3, reviewer="ann", verdict="accept")
    ghost = store.start_episode(task_name="handle_time", agent_kind="llm")  # no task id: not counted
    store.finish_episode(ghost.id, reward=1.0)

    stats = task_stats(store)
    assert set(stats) == {t1.id, t2.id, t3.id}
    s1 = stats[t1.id]
    assert (s1.human_runs, s1.human_successes, s1.agent_runs, s1.agent_successes, s1.oracle_runs,
            s1.oracle_successes) == (2, 1, 3, 1, 1, 1)
    assert s1.agent_mean_reward == pytest.approx(0.5)
    assert s1.agent_success_rate == pytest.approx(1 / 3) and s1.human_success_rate == 0.5
    assert s1.runs == 5 and s1.gold_status == "generated" and s1.reviews == ()
    s2 = stats[t2.id]
    assert (s2.runs, s2.agent_runs, s2.agent_successes, s2.agent_success_rate, s2.human_success_rate) == \
        (1, 1, 0, 0.0, None)
    s3 = stats[t3.id]
    assert (s3.runs, s3.gold_status, [r.verdict for r in s3.reviews]) == (0, "validated", ["accept"])
    assert s3.agent_success_rate is None and s3.agent_mean_reward is None
    assert TaskStats("x").gold_status == "generated"


def test_task_stats_uses_an_index(store):
    plan = " ".join(str(row[-1]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + STATS_SQL))
    assert "USING INDEX" in plan and "SCAN episodes" not in plan
