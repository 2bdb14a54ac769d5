"""Gold status from reviews, the adjudication queue and the validated answer (crmtui/store/gold.py)."""

from __future__ import annotations

import pytest

from crmtui.store import GoldReview, ValidationError
from crmtui.store.gold import (
    ADJUDICATION,
    GoldState,
    adjudicate,
    adjudication_queue,
    gold_state,
    gold_status,
    gold_statuses,
    same_answer,
    validated_answer,
)

from .conftest import raw
from .test_episodes import make_task

GOLD = ["005000000000000AAA"]
X, Y = ["005000000000000XXX"], ["005000000000000YYY"]


def rv(verdict: str, answer: list | None = None, reviewer: str = "r", adjudication: bool = False) -> GoldReview:
    return GoldReview(uid=f"{reviewer}-{verdict}", task_id="t", reviewer=reviewer, verdict=verdict,
                      created_at="2025-01-01T00:00:00Z", proposed_answer=answer,
                      reason=f"{ADJUDICATION} final" if adjudication else None)


@pytest.mark.parametrize(("reviews", "status", "queued"), [
    ([], "generated", False),
    ([rv("accept")], "validated", False),
    ([rv("accept", reviewer="a"), rv("accept", reviewer="b")], "validated", False),
    ([rv("reject")], "disputed", True),
    ([rv("accept", reviewer="a"), rv("reject", reviewer="b")], "disputed", True),
    ([rv("accept", reviewer="a"), rv("correct", X, reviewer="b")], "disputed", True),
    ([rv("correct", X, reviewer="a"), rv("correct", Y, reviewer="b")], "disputed", True),
    ([rv("correct", X, reviewer="a"), rv("correct", [" 005000000000000XXX "], reviewer="b")], "corrected", False),
    ([rv("correct", X)], "corrected", False),
    # a "correction" to the gold itself is an accept
    ([rv("accept", reviewer="a"), rv("correct", GOLD, reviewer="b")], "validated", False),
    # adjudications settle a dispute, whatever they decide
    ([rv("accept", reviewer="a"), rv("reject", reviewer="b"), rv("accept", reviewer="c", adjudication=True)],
     "validated", False),
    ([rv("accept", reviewer="a"), rv("reject", reviewer="b"), rv("reject", reviewer="c", adjudication=True)],
     "disputed", False),
    ([rv("accept", reviewer="a"), rv("reject", reviewer="b"), rv("correct", Y, reviewer="c", adjudication=True)],
     "corrected", False),
    # a later review that agrees with the ruling keeps it; one that disagrees re-opens the dispute
    ([rv("reject", reviewer="a"), rv("accept", reviewer="c", adjudication=True), rv("accept", reviewer="d")],
     "validated", False),
    ([rv("reject", reviewer="a"), rv("accept", reviewer="c", adjudication=True), rv("reject", reviewer="d")],
     "disputed", True),
])
def test_gold_status_rule(reviews, status, queued):
    state = gold_state(reviews, GOLD)
    assert (state.status, state.needs_adjudication) == (status, queued)
    assert gold_status(reviews, GOLD) == status


def test_validated_answer():
    assert validated_answer([], GOLD) is None
    assert validated_answer([rv("accept")], GOLD) == GOLD
    assert validated_answer([rv("correct", ["b", "a"], reviewer="x"), rv("correct", ["a", "b"], reviewer="y")],
                            GOLD) == ["b", "a"]
    assert validated_answer([rv("accept", reviewer="x"), rv("reject", reviewer="y")], GOLD) is None
    assert validated_answer([rv("correct", [None])], GOLD) == [None]
    assert gold_state([rv("correct", X)], GOLD) == GoldState("corrected", answer=tuple(X))


def test_same_answer():
    assert same_answer(["a", "b"], [" b", "a "])
    assert not same_answer(["a"], ["a", "a"])
    assert same_answer([None], [None]) and not same_answer([None], ["None"])
    assert same_answer(None, None) and not same_answer(None, [])


def _seed(store) -> None:
    """Four tasks: 1 validated, 2 disputed (a changed mind), 3 corrected, 4 disputed by two reviewers;
    5 reviewed then retracted (generated)."""
    t = {n: make_task(n) for n in range(1, 6)}
    store.review_gold(t[1], reviewer="ann", verdict="accept", blind=True, uid="r1")
    store.review_gold(t[1], reviewer="bob", verdict="accept", uid="r2")
    store.review_gold(t[2], reviewer="ann", verdict="accept", uid="r3")
    store.review_gold(t[2], reviewer="ann", verdict="reject", rationale="two agents tie", reason="missed the tie",
                      uid="r4")
    store.review_gold(t[3], reviewer="ann", verdict="correct", proposed_answer=X, uid="r5")
    store.review_gold(t[3], reviewer="bob", verdict="correct", proposed_answer=X, uid="r6")
    store.review_gold(t[4], reviewer="ann", verdict="accept", uid="r7")
    store.review_gold(t[4], reviewer="bob", verdict="correct", proposed_answer=Y, rationale="off by one day",
                      uid="r8")
    store.review_gold(t[5], reviewer="ann", verdict="reject", uid="r9")
    store.review_gold(t[5], reviewer="ann", verdict="reject", supersedes="r9", retract=True, reason="wrong task",
                      uid="r10")


def test_gold_statuses_and_queue_from_the_store(store):
    _seed(store)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    statuses = gold_statuses(store)
    store.conn.set_trace_callback(None)
    assert statuses == {"b2b/handle_time/0001": "validated", "b2b/handle_time/0002": "disputed",
                        "b2b/handle_time/0003": "corrected", "b2b/handle_time/0004": "disputed"}
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert adjudication_queue(store) == ["b2b/handle_time/0002", "b2b/handle_time/0004"]


def test_adjudication_settles_a_dispute(store):
    _seed(store)
    review = adjudicate(store, "b2b/handle_time/0004", adjudicator="cat", verdict="correct", proposed_answer=Y,
                        rationale="bob is right: the period ends on the 30th")
    assert review.reason == ADJUDICATION and review.blind is False
    assert adjudication_queue(store) == ["b2b/handle_time/0002"]
    assert gold_statuses(store)["b2b/handle_time/0004"] == "corrected"
    assert raw(store.path).execute(
        "SELECT reviewer, verdict, proposed_answer, rationale, reason FROM gold_reviews WHERE uid = ?",
        (review.uid,)).fetchone() == ("cat", "correct", '["005000000000000YYY"]',
                                      "bob is right: the period ends on the 30th", ADJUDICATION)
    # one of the disputants adjudicating replaces their own review (a supersession with the adjudication reason)
    again = adjudicate(store, "b2b/handle_time/0002", adjudicator="ann", verdict="reject", rationale="a tie",
                       note="after discussion")
    assert again.supersedes == "r4" and again.reason == f"{ADJUDICATION} after discussion"
    assert adjudication_queue(store) == []
    assert gold_statuses(store)["b2b/handle_time/0002"] == "disputed"


def test_adjudication_needs_a_rationale(store):
    _seed(store)
    with pytest.raises(ValidationError, match="an adjudication needs a rationale"):
        adjudicate(store, "b2b/handle_time/0004", adjudicator="cat", verdict="accept", rationale="  ")
    assert adjudication_queue(store) == ["b2b/handle_time/0002", "b2b/handle_time/0004"]
