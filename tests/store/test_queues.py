"""Review queues over a DB of real episodes: unannotated failures, judge/human disagreements, disputed gold."""

from __future__ import annotations

import pytest

from crmtui.episode.rescore import rescore_episode
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.generate import build_org
from crmtui.org.soql.engine import Engine
from crmtui.store.labelling import LabelSession
from crmtui.store.queues import (
    QUEUES,
    disagreements,
    disputed_gold,
    load_queues,
    task_episodes,
    unannotated_failures,
)
from crmtui.tasks.instances import load_instances
from tests.store.review_data import play


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    path = tmp_path_factory.mktemp("queue-org") / "b2b.db"
    build_org("b2b", seed=1, out=path)
    return EmbeddedBackend(Engine.open(path))


@pytest.fixture(scope="module")
def tasks():
    instances = load_instances("b2b", include_imported=False)
    answerable = [i for i in instances if i.task == "best_region_identification" and i.answerable]
    return answerable[:3]


def test_queues(store, backend, tasks):
    region, other, third = tasks
    ok = play(store, backend, region)  # the oracle: reward 1
    wrong = play(store, backend, region, "ZZ", player="ana")
    labelled = play(store, backend, region, "YY", player="bo")
    judged = play(store, backend, other, "XX", player="ana")
    rescore_episode(store, store.get_episode(judged))  # the automatic judge's label is not a person's
    LabelSession(store, labelled, "ana").toggle_category("wrong_answer", 2)

    failures = unannotated_failures(store)
    assert [(i.episode_id, i.task_id, i.who, i.reward, i.detail) for i in failures] == [
        (wrong, region.id, "human:ana", 0.0, "answered 'ZZ'"),
        (judged, other.id, "human:ana", 0.0, "answered 'XX'"),
    ]
    assert disagreements(store) == []

    # ana says the oracle's success failed; the labelled failure's verdict agrees with its reward, but an LLM judge
    # passed it
    LabelSession(store, ok, "ana").set_verdict("fail")
    LabelSession(store, labelled, "ana").set_verdict("fail")
    store.add_score(labelled, judge="llm:judge-x", reward=1.0)
    store.add_score(labelled, judge="deterministic", reward=0.0)
    found = disagreements(store)
    assert [(i.episode_id, i.who, i.reward, i.detail) for i in found] == [
        (ok, "oracle", 1.0, "ana: fail vs reward 1"),
        (labelled, "human:bo", 0.0, "ana: fail vs llm:judge-x 1"),
    ]
    # a later score of the same judge replaces its earlier one
    store.add_score(labelled, judge="llm:judge-x", reward=0.0)
    assert [i.episode_id for i in disagreements(store)] == [ok]
    assert [i.episode_id for i in unannotated_failures(store)] == [wrong, judged]

    # gold: accept vs reject is a dispute, two accepts are not, two different corrections are
    store.review_gold(region, reviewer="ana", verdict="accept", episode_id=wrong)
    store.review_gold(region, reviewer="bo", verdict="reject", rationale="two states tie")
    store.review_gold(other, reviewer="ana", verdict="accept")
    store.review_gold(other, reviewer="bo", verdict="accept")
    store.review_gold(third, reviewer="ana", verdict="correct", proposed_answer=["CA"])
    store.review_gold(third, reviewer="bo", verdict="correct", proposed_answer=["NY"])
    gold = disputed_gold(store)
    assert [(i.task_id, i.episode_id, i.who, i.detail) for i in gold] == [
        (region.id, wrong, "ana, bo", "ana: accept; bo: reject"),
        (third.id, None, "ana, bo", "ana: correct → CA; bo: correct → NY"),
    ]
    # bo changes their mind: no longer disputed
    store.review_gold(region, reviewer="bo", verdict="accept", reason="re-checked the ties")
    assert [i.task_id for i in disputed_gold(store)] == [third.id]

    queues = load_queues(store)
    assert list(queues) == list(QUEUES) == ["failures", "disagreements", "gold"]
    assert [len(v) for v in queues.values()] == [2, 1, 1]
    assert [e.id for e in task_episodes(store, region.id)] == [ok, wrong, labelled]


def test_unfinished_and_unscored_episodes_are_not_failures(store, backend, tasks):
    region = tasks[0]
    running = store.start_episode(task=region)
    assert store.get_episode(running.id).status == "running"
    unscored = store.start_episode(task=region)
    store.finish_episode(unscored.id, end_reason="Submit action")
    assert unannotated_failures(store) == [] and disagreements(store) == [] and disputed_gold(store) == []
