"""Per-task aggregates for the Tasks screen: runs by humans and agents, agent success, gold status (no Textual).

    stats = task_stats(store)          # one GROUP BY over the episodes, one query over the gold reviews
    stats["b2b/handle_time/0007"].agent_success_rate

Counted are *finished* episodes with a task id (imported CRMArena results carry none and are not counted):
- human runs: `agent_kind = 'human'` (a person played the agent side from the start);
- agent runs: `agent_kind = 'llm'` (model agents; the oracle, the reference solver, is counted apart as oracle
  runs, and replays, which re-execute a stored run, not at all);
- a success is a reward >= 1 (the reward sealed with the episode).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmtui.store.gold import GoldState, current_reviews, gold_state
from crmtui.store.model import GoldReview

__all__ = ["STATS_SQL", "TaskStats", "task_stats"]

GENERATED = GoldState("generated")

STATS_SQL = """
SELECT task_id,
       SUM(agent_kind = 'human'),
       SUM(agent_kind = 'human' AND reward >= 1),
       SUM(agent_kind = 'llm'),
       SUM(agent_kind = 'llm' AND reward >= 1),
       AVG(CASE WHEN agent_kind = 'llm' THEN reward END),
       SUM(agent_kind = 'oracle'),
       SUM(agent_kind = 'oracle' AND reward >= 1)
FROM episodes
WHERE status = 'finished' AND task_id IS NOT NULL
GROUP BY task_id
"""


@dataclass(frozen=True)
class TaskStats:
    """What the Tasks screen shows about one task's runs and gold."""

    task_id: str
    human_runs: int = 0
    human_successes: int = 0
    agent_runs: int = 0
    agent_successes: int = 0
    agent_mean_reward: float | None = None  # mean reward of the agent runs (fuzzy-match tasks: mean F1)
    oracle_runs: int = 0
    oracle_successes: int = 0
    gold: GoldState = GENERATED
    reviews: tuple[GoldReview, ...] = ()  # the current gold reviews, in the order recorded

    @property
    def runs(self) -> int:
        """Human and agent runs (the oracle's are not counted)."""
        return self.human_runs + self.agent_runs

    @property
    def agent_success_rate(self) -> float | None:
        return self.agent_successes / self.agent_runs if self.agent_runs else None

    @property
    def human_success_rate(self) -> float | None:
        return self.human_successes / self.human_runs if self.human_runs else None

    @property
    def gold_status(self) -> str:
        return self.gold.status


def task_stats(store: Any) -> dict[str, TaskStats]:
    """task id -> TaskStats for every task with a finished run or a gold review (others: `TaskStats(task_id)`):
    one GROUP BY over the episodes and one query over the current gold reviews, in one read snapshot."""
    with store.snapshot():
        rows = store.conn.execute(STATS_SQL).fetchall()
        reviews, golds = current_reviews(store)
    states = {task_id: gold_state(rs, golds.get(task_id)) for task_id, rs in reviews.items()}
    out: dict[str, TaskStats] = {}
    for task_id, human, human_ok, agent, agent_ok, mean, oracle, oracle_ok in rows:
        out[task_id] = TaskStats(task_id, human, human_ok, agent, agent_ok, mean, oracle, oracle_ok,
                                 states.get(task_id, GENERATED), tuple(reviews.get(task_id, ())))
    for task_id, state in states.items():
        if task_id not in out:
            out[task_id] = TaskStats(task_id, gold=state, reviews=tuple(reviews[task_id]))
    return out
