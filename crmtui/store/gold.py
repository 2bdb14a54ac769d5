"""Gold status of a task from its reviews, the adjudication queue, and the validated answer (no Textual here).

A task's gold answer is computed by its oracle (status `generated`) until people review it. Only *current*
reviews count (`Store.gold_reviews(current=True)`: one per reviewer, since a reviewer's new verdict supersedes
their earlier one, minus retractions). The rule:

- no current review                                            -> `generated`
- every review accepts (or "corrects" to the gold itself)      -> `validated`
- every review corrects, all to the same answer                -> `corrected` (that answer is the new gold)
- anything else: a reject (even a single one), accept beside a
  correction, corrections to different answers                 -> `disputed`, and the task joins the
                                                                   adjudication queue

An **adjudication** settles a dispute: a review whose `reason` starts with `ADJUDICATION` (recorded by the
Adjudication screen, `adjudicate()`). The latest adjudication decides — accept -> `validated`, correct ->
`corrected`, reject -> `disputed` (the task stays out of the queue: the gold was judged wrong and no answer
agreed) — unless a review recorded after it disagrees with it, which re-opens the dispute.

Answers compare as lists of trimmed strings, order ignored (`None`, "not answerable", compares as itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crmtui.store.model import GoldReview

__all__ = ["ADJUDICATION", "GOLD_STATUSES", "GoldState", "adjudicate", "adjudication_queue", "current_reviews",
           "gold_state", "gold_states", "gold_status", "gold_statuses", "is_adjudication", "same_answer",
           "validated_answer"]

GOLD_STATUSES = ("generated", "validated", "disputed", "corrected")
#: the `reason` prefix that marks a gold review as an adjudication
ADJUDICATION = "[adjudication]"

Answer = Sequence[str | None]


def is_adjudication(review: GoldReview) -> bool:
    return (review.reason or "").startswith(ADJUDICATION)


def _key(answer: Answer) -> tuple[tuple[int, str], ...]:
    return tuple(sorted((0, "") if a is None else (1, str(a).strip()) for a in answer))


def same_answer(a: Answer | None, b: Answer | None) -> bool:
    """Whether two answers are the same list, order and surrounding blanks ignored."""
    if a is None or b is None:
        return a is b
    return _key(a) == _key(b)


@dataclass(frozen=True)
class GoldState:
    """A task's gold status, whether it waits for an adjudicator, and the answer people agreed on (if any)."""

    status: str
    needs_adjudication: bool = False
    answer: tuple[str | None, ...] | None = None  # the agreed correction (`corrected`), else None
    adjudicated: bool = False


def _effective(review: GoldReview, gold: Answer | None) -> tuple[str, Answer | None]:
    """(verdict, answer) with a correction to the gold itself counted as an accept."""
    if review.verdict == "correct" and gold is not None and same_answer(review.proposed_answer, gold):
        return "accept", None
    return review.verdict, review.proposed_answer


def _agreement(votes: list[tuple[str, Answer | None]]) -> GoldState:
    verdicts = {v for v, _a in votes}
    if verdicts == {"accept"}:
        return GoldState("validated")
    if verdicts == {"correct"}:
        first = votes[0][1]
        if all(same_answer(a, first) for _v, a in votes):
            return GoldState("corrected", answer=tuple(first or ()))
    return GoldState("disputed", needs_adjudication=True)


def gold_state(reviews: Iterable[GoldReview], gold: Answer | None = None) -> GoldState:
    """The gold state of one task from its current reviews (in the order they were recorded); `gold` is the
    task's generated answer, so that a "correction" to the gold itself counts as an accept."""
    current = [r for r in reviews if not r.retract]
    if not current:
        return GoldState("generated")
    last_adj = max((n for n, r in enumerate(current) if is_adjudication(r)), default=None)
    if last_adj is None:
        return _agreement([_effective(r, gold) for r in current])
    ruling = _effective(current[last_adj], gold)
    later = [_effective(r, gold) for r in current[last_adj + 1:]]
    if any(v != ruling[0] or (v == "correct" and not same_answer(a, ruling[1])) for v, a in later):
        return GoldState("disputed", needs_adjudication=True, adjudicated=True)
    verdict, answer = ruling
    if verdict == "accept":
        return GoldState("validated", adjudicated=True)
    if verdict == "correct":
        return GoldState("corrected", answer=tuple(answer or ()), adjudicated=True)
    return GoldState("disputed", adjudicated=True)


def gold_status(reviews: Iterable[GoldReview], gold: Answer | None = None) -> str:
    """One of `GOLD_STATUSES` (see the module docstring for the rule)."""
    return gold_state(reviews, gold).status


def validated_answer(reviews: Iterable[GoldReview], gold: Answer) -> list[str | None] | None:
    """The answer people stand behind: the gold when `validated`, the agreed correction when `corrected`, else
    None (not reviewed yet, or disputed)."""
    state = gold_state(reviews, gold)
    if state.status == "validated":
        return list(gold)
    if state.status == "corrected":
        return list(state.answer or ())
    return None


def current_reviews(store: Any) -> tuple[dict[str, list[GoldReview]], dict[str, list[str | None]]]:
    """Every task's current reviews (in the order recorded) and the gold answer of the task version reviewed
    last, in one query over the current reviews joined with the reviewed task versions."""
    from crmtui.store.store import REVIEW_COLUMNS, Store

    cols = ", ".join("r." + c for c in REVIEW_COLUMNS)
    sql = (f"SELECT {cols}, json_extract(t.json, '$.answer') FROM gold_reviews r "
           "LEFT JOIN tasks t ON t.hash = r.task_hash "
           "WHERE r.retract = 0 AND NOT EXISTS (SELECT 1 FROM gold_reviews s WHERE s.supersedes = r.uid) "
           "ORDER BY r.task_id, r.id")
    by_task: dict[str, list[GoldReview]] = {}
    golds: dict[str, list[str | None]] = {}
    with store.snapshot():
        rows = store.conn.execute(sql).fetchall()
    for row in rows:
        review = Store._review_from_row(row[:-1])
        by_task.setdefault(review.task_id, []).append(review)
        if row[-1] is not None:
            golds[review.task_id] = json.loads(row[-1])
    return by_task, golds


def gold_states(store: Any) -> dict[str, GoldState]:
    """The gold state of every reviewed task (unreviewed tasks are absent: they are `generated`)."""
    by_task, golds = current_reviews(store)
    return {task_id: gold_state(reviews, golds.get(task_id)) for task_id, reviews in by_task.items()}


def gold_statuses(store: Any) -> dict[str, str]:
    """task id -> gold status for every reviewed task (absent: `generated`)."""
    return {task_id: state.status for task_id, state in gold_states(store).items()}


def adjudication_queue(store: Any) -> list[str]:
    """Tasks whose current reviews disagree (or reject the gold) with no adjudication settling them, oldest
    dispute first."""
    states = gold_states(store)
    waiting = [task_id for task_id, state in states.items() if state.needs_adjudication]
    if not waiting:
        return []
    latest = dict(store.conn.execute("SELECT task_id, MAX(id) FROM gold_reviews GROUP BY task_id").fetchall())
    return sorted(waiting, key=lambda t: (latest.get(t, 0), t))


def adjudicate(store: Any, task: Any, *, adjudicator: str, verdict: str, rationale: str,
               proposed_answer: Iterable[str | None] | None = None, note: str = "") -> GoldReview:
    """Record an adjudicator's final verdict on a disputed task: a gold review marked as an adjudication (its
    `reason` starts with `ADJUDICATION`). A rationale is required."""
    from crmtui.store.errors import ValidationError

    if not rationale or not rationale.strip():
        raise ValidationError("an adjudication needs a rationale")
    reason = f"{ADJUDICATION} {note}".strip()
    return store.review_gold(task, reviewer=adjudicator, verdict=verdict, proposed_answer=proposed_answer,
                             rationale=rationale, blind=False, reason=reason)
