"""Annotations and gold reviews are append-only: corrections supersede, the current state is a query over history."""

from __future__ import annotations

import io
import json

import pytest

from crmtui.store import ValidationError
from crmtui.store.export import export

from .conftest import raw, timed_step
from .test_episodes import make_task


@pytest.fixture
def episode(store):
    ep = store.start_episode(agent_kind="llm", episode_id="E")
    for i in range(3):
        store.append_step(ep.id, timed_step(i))
    return ep


def test_annotate_correct_retract(store, episode):
    first = store.annotate("E", author="ann", step_idx=1, category="wrong_filter", fault="agent",
                           note="filtered on the wrong date", uid="a1", created_at="2025-01-01T00:00:00Z")
    other = store.annotate("E", author="bob", lapse=True, leaked_fields=["Account.Phone"], uid="b1")
    assert [a.uid for a in store.annotations("E")] == ["a1", "b1"]
    fixed = store.annotate("E", author="bob", step_idx=1, category="date_reasoning", fault="agent",
                           supersedes="a1", reason="the filter was right, the period was wrong", uid="a2")
    assert [a.uid for a in store.annotations("E")] == ["b1", "a2"]
    store.annotate("E", author="ann", supersedes="b1", retract=True, reason="no lapse: the phone was the user's own",
                   uid="b2")
    assert [a.uid for a in store.annotations("E")] == ["a2"]
    assert [a.uid for a in store.annotations("E", current=False)] == ["a1", "b1", "a2", "b2"]
    assert [a.uid for a in store.annotation_history("a2")] == ["a1", "a2"]
    assert [a.uid for a in store.annotation_history("a1")] == ["a1", "a2"]
    rows = raw(store.path).execute("SELECT uid, episode_id, step_idx, author, category, fault, lapse, "
                                   "leaked_fields, supersedes, retract FROM annotations ORDER BY id").fetchall()
    assert rows == [
        ("a1", "E", 1, "ann", "wrong_filter", "agent", 0, "[]", None, 0),
        ("b1", "E", None, "bob", None, None, 1, '["Account.Phone"]', None, 0),
        ("a2", "E", 1, "bob", "date_reasoning", "agent", 0, "[]", "a1", 0),
        ("b2", "E", None, "ann", None, None, 0, "[]", "b1", 1),
    ]
    assert first.created_at == "2025-01-01T00:00:00Z" and other.leaked_fields == ["Account.Phone"]
    assert fixed.reason == "the filter was right, the period was wrong"
    assert raw(store.path).execute("SELECT id FROM annotators ORDER BY id").fetchall() == [("ann",), ("bob",)]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"category": "bad_vibes"}, "unknown failure category 'bad_vibes'"),
    ({"fault": "moon"}, "fault source must be one of agent, user_simulator, task, environment"),
    ({}, "an annotation needs a category, a fault source, a lapse, a verdict or a note"),
    ({"note": "x", "step_idx": 3}, "episode E has no step 3 (it has 3)"),
    ({"leaked_fields": ["Phone"], "note": "x"}, "leaked fields are given only with a confidentiality lapse"),
    ({"note": "x", "supersedes": "a1"}, "a correction of annotation a1 needs a reason"),
    ({"note": "x", "supersedes": "zz", "reason": "r"}, "no annotation 'zz' to supersede"),
    ({"retract": True}, "a retraction names the annotation it withdraws"),
    ({"retract": True, "supersedes": "a1", "note": "x", "reason": "r"}, "a retraction carries no label"),
    ({"verdict": "maybe"}, "verdict must be one of pass, fail (got 'maybe')"),
    ({"verdict": "pass", "step_idx": 1}, "a verdict judges the whole episode: give it without a step"),
])
def test_invalid_annotations_write_nothing(store, episode, kwargs, message):
    store.annotate("E", author="ann", note="first", uid="a1")
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        store.annotate("E", author="ann", **kwargs)
    assert raw(store.path).execute("SELECT COUNT(*) FROM annotations").fetchone() == (1,)


def test_only_the_latest_correction_can_be_superseded(store, episode):
    store.annotate("E", author="ann", note="v1", uid="a1")
    store.annotate("E", author="ann", note="v2", supersedes="a1", reason="typo", uid="a2")
    with pytest.raises(ValidationError, match="annotation a1 is already superseded by a2: correct that one"):
        store.annotate("E", author="bob", note="v3", supersedes="a1", reason="r")
    other = store.start_episode(agent_kind="llm", episode_id="F")
    with pytest.raises(ValidationError, match="annotation a2 belongs to E, not F"):
        store.annotate(other.id, author="bob", note="v3", supersedes="a2", reason="r")


def test_gold_reviews_supersede_per_reviewer_and_export_validation(store):
    t1, t2, t3 = make_task(1), make_task(2), make_task(3, answer=["005000000000000AAA"])
    store.put_task(make_task(4))  # stored but never reviewed: not exported
    store.review_gold(t1, reviewer="ann", verdict="accept", rationale="re-derived", blind=True, uid="r1",
                      created_at="2025-01-01T00:00:00Z")
    store.review_gold(t1.id, reviewer="bob", verdict="accept", uid="r2", created_at="2025-01-02T00:00:00Z")
    store.review_gold(t2, reviewer="ann", verdict="reject", rationale="ambiguous", uid="r3",
                      created_at="2025-01-03T00:00:00Z")
    with pytest.raises(ValidationError, match="a correction of gold review r3 needs a reason"):
        store.review_gold(t2.id, reviewer="ann", verdict="accept")
    store.review_gold(t2.id, reviewer="ann", verdict="correct", proposed_answer=["005000000000000CCC"], uid="r4",
                      reason="the task is answerable after all", created_at="2025-01-04T00:00:00Z")
    store.review_gold(t2.id, reviewer="bob", verdict="reject", uid="r5", created_at="2025-01-05T00:00:00Z")
    store.review_gold(t3, reviewer="ann", verdict="correct", proposed_answer=["005000000000000DDD"], uid="r6",
                      created_at="2025-01-06T00:00:00Z")
    store.review_gold(t3.id, reviewer="bob", verdict="correct", proposed_answer=["005000000000000DDD"], uid="r7",
                      created_at="2025-01-07T00:00:00Z")
    assert [r.uid for r in store.gold_reviews(t2.id)] == ["r4", "r5"]
    assert [r.uid for r in store.gold_reviews(t2.id, current=False)] == ["r3", "r4", "r5"]
    assert [r.uid for r in store.review_history("r3")] == ["r3", "r4"]
    with pytest.raises(ValidationError, match="a 'correct' verdict needs the proposed answer"):
        store.review_gold(t1.id, reviewer="cy", verdict="correct")
    with pytest.raises(ValidationError, match="task 'nope' is not in"):
        store.review_gold("nope", reviewer="cy", verdict="accept")

    out = io.StringIO()
    assert export(store, "tasks-json", out) == 3
    data = json.loads(out.getvalue())
    assert [d["id"] for d in data] == [t1.id, t2.id, t3.id]
    base = t1.to_crmarena()
    assert {k: data[0][k] for k in base} == base
    assert data[0]["validation"] == {
        "status": "accepted", "reviewers": ["ann", "bob"], "counts": {"accept": 2, "reject": 0, "correct": 0},
        "agreement": 1.0, "verdicts": [
            {"reviewer": "ann", "verdict": "accept", "proposed_answer": None, "rationale": "re-derived",
             "blind": True, "at": "2025-01-01T00:00:00Z", "uid": "r1"},
            {"reviewer": "bob", "verdict": "accept", "proposed_answer": None, "rationale": None, "blind": False,
             "at": "2025-01-02T00:00:00Z", "uid": "r2"}]}
    assert data[1]["validation"]["status"] == "disputed" and data[1]["validation"]["agreement"] == 0.5
    assert data[1]["validation"]["counts"] == {"accept": 0, "reject": 1, "correct": 1}
    assert data[1]["answer"] == ["005000000000000AAA"]
    assert data[2]["answer"] == ["005000000000000DDD"]
    assert data[2]["validation"]["status"] == "corrected"
    assert data[2]["validation"]["original_answer"] == ["005000000000000AAA"]


def test_scores_keep_history_and_current_per_judge(store, episode):
    store.finish_episode("E", reward=0.0)
    first = store.add_score("E", judge="deterministic", reward=0.0, metric="exact_match", judge_version="1")
    llm = store.add_score("E", judge="llm:m", reward=1.0, detail={"model": "m"})
    second = store.add_score("E", judge="deterministic", reward=1.0, metric="exact_match", judge_version="2")
    assert store.scores("E") == [llm, second]
    assert store.scores("E", judge="deterministic", current=False) == [first, second]
    assert [s.reward for s in store.scores(judge="llm:m")] == [1.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"judge": " ", "reward": 1.0}, "a score names its judge"),
    ({"judge": "d", "reward": float("nan")}, "a score.s reward must be a finite number or null"),
    ({"judge": "d", "reward": 1.0, "detail": [1]}, "a score's detail is an object"),
])
def test_invalid_scores_write_nothing(store, episode, kwargs, message):
    store.finish_episode("E", reward=0.0)
    with pytest.raises(ValidationError, match=message):
        store.add_score("E", **kwargs)
    assert store.scores("E", current=False) == []


def test_running_episodes_are_not_scored(store, episode):
    with pytest.raises(ValidationError, match="episode E is running: only finished episodes are scored"):
        store.add_score("E", judge="deterministic", reward=1.0)
