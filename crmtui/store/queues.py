"""Review queues: what is waiting for a person, as queries over the transcript DB (no Textual here).

- **failures**: finished episodes that did not succeed (reward < 1) and carry no current label by a person
  (annotators of kind `human`; the automatic `judge` re-scores do not count);
- **disagreements**: episodes whose outcome a person judged (`verdict` pass | fail) differently from the
  episode's sealed reward or from an automatic judge's current score (`scores`); an outcome passes at reward 1;
- **disputed gold**: the adjudication queue of crmtui.store.gold (current gold reviews that disagree, or a
  reject), oldest dispute first.

Each queue is a list of `QueueItem`s, oldest first. `load_queues(store)` computes all three (the app runs it in
a worker). `task_episodes(store, task_id)` lists the finished episodes of one task, for side-by-side review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crmtui.store.model import Episode

PASS_REWARD = 1.0


@dataclass(frozen=True)
class QueueItem:
    """One row of a review queue. `episode_id` is None for a gold dispute with no evidence episode."""

    queue: str
    task_id: str | None
    episode_id: str | None
    who: str  # who played: `oracle`, `human:ana`, `llm:gpt-4o`; for gold disputes, the reviewers
    reward: float | None
    detail: str
    when: str | None  # when the episode started / the latest review was made


def who_played(ep: Episode) -> str:
    if ep.agent_kind == "human":
        return f"human:{ep.player}" if ep.player else "human"
    return f"{ep.agent_kind}:{ep.agent_model}" if ep.agent_model else ep.agent_kind


def _fmt(reward: float | None) -> str:
    return "-" if reward is None else f"{reward:g}"


def _passes(reward: float | None) -> bool | None:
    return None if reward is None else reward >= PASS_REWARD


def _human_labelled(store: Any) -> set[str]:
    """Episodes with at least one current label by a person."""
    rows = store.conn.execute(
        "SELECT DISTINCT a.episode_id FROM annotations a JOIN annotators u ON u.id = a.author "
        "WHERE u.kind = 'human' AND a.retract = 0 "
        "AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.uid)").fetchall()
    return {r[0] for r in rows}


def unannotated_failures(store: Any) -> list[QueueItem]:
    labelled = _human_labelled(store)
    out = []
    for ep in store.episodes(status="finished"):
        if ep.reward is None or ep.reward >= PASS_REWARD or ep.id in labelled:
            continue
        if ep.final_answer is not None:
            detail = f"answered {' '.join(ep.final_answer.split())[:50]!r}"
        else:
            detail = ep.end_reason or "no answer"
        out.append(QueueItem("failures", ep.task_id, ep.id, who_played(ep), ep.reward, detail, ep.started_at))
    return out


def disagreements(store: Any) -> list[QueueItem]:
    verdicts = [a for a in store.annotations() if a.verdict is not None]
    if not verdicts:
        return []
    by_episode: dict[str, list[Any]] = defaultdict(list)
    for ann in verdicts:
        by_episode[ann.episode_id].append(ann)
    scores: dict[str, list[Any]] = defaultdict(list)
    for score in store.scores(current=True):
        scores[score.episode_id].append(score)
    out = []
    for ep in store.episodes():
        if ep.id not in by_episode:
            continue
        conflicts = []
        for ann in by_episode[ep.id]:
            human = ann.verdict == "pass"
            judged = [("reward", ep.reward)] + [(s.judge, s.reward) for s in scores.get(ep.id, [])]
            against = [f"{name} {_fmt(reward)}" for name, reward in judged
                       if _passes(reward) is not None and _passes(reward) != human]
            if against:
                conflicts.append(f"{ann.author}: {ann.verdict} vs {', '.join(against)}")
        if conflicts:
            out.append(QueueItem("disagreements", ep.task_id, ep.id, who_played(ep), ep.reward,
                                 "; ".join(conflicts), ep.started_at))
    return out


def _review_text(review: Any) -> str:
    if review.verdict == "correct":
        return f"{review.reviewer}: correct → {', '.join(str(a) for a in review.proposed_answer or [])}"
    return f"{review.reviewer}: {review.verdict}"


def disputed_gold(store: Any) -> list[QueueItem]:
    """The adjudication queue (crmtui.store.gold): tasks whose current reviews disagree or reject the gold."""
    from crmtui.store.gold import adjudication_queue

    out = []
    for task_id in adjudication_queue(store):
        reviews = store.gold_reviews(task_id)
        evidence = next((r.episode_id for r in reviews if r.episode_id), None)
        out.append(QueueItem("gold", task_id, evidence, ", ".join(sorted({r.reviewer for r in reviews})), None,
                             "; ".join(_review_text(r) for r in reviews), max(r.created_at for r in reviews)))
    return out


#: queue id -> (title, query), in the order the Review screen shows them.
QUEUES: dict[str, tuple[str, Callable[[Any], list[QueueItem]]]] = {
    "failures": ("Unannotated failures", unannotated_failures),
    "disagreements": ("Judge/human disagreement", disagreements),
    "gold": ("Disputed gold", disputed_gold),
}


def load_queues(store: Any) -> dict[str, list[QueueItem]]:
    """Every queue, computed from one consistent snapshot of the DB."""
    with store.snapshot():
        return {name: query(store) for name, (_title, query) in QUEUES.items()}


def task_episodes(store: Any, task_id: str) -> list[Episode]:
    """The finished episodes of a task, oldest first (candidates for side-by-side review)."""
    return store.episodes(task_id=task_id, status="finished")
