"""The whole pipeline end to end: the oracle agent scores 1.0 on every generated instance of every org kind,
single-turn, and multi-turn with the scripted user (every other b2b instance, every fourth of the others)."""

from __future__ import annotations

import pytest

from crmtui.episode.actors import OracleActor
from crmtui.episode.engine import END_SUBMIT, EpisodeEngine
from crmtui.episode.users import ScriptedUser


def failures(instances, backend, multi_turn):
    bad = []
    for instance in instances:
        engine = EpisodeEngine(instance, backend, OracleActor(), user=ScriptedUser() if multi_turn else None)
        outcome = engine.run()
        if outcome.reward != 1.0 or outcome.end_reason != END_SUBMIT:
            bad.append((instance.id, outcome.end_reason, outcome.final_answer, instance.answer, outcome.detail))
    return bad


@pytest.mark.parametrize("org", ["original", "b2b", "b2c"])
def test_oracle_single_turn_every_instance(org, org_backend, catalog):
    instances = catalog[org]
    assert instances
    assert failures(instances, org_backend(org), multi_turn=False)[:3] == []


@pytest.mark.parametrize(("org", "stride"), [("original", 4), ("b2b", 2), ("b2c", 4)])
def test_oracle_multi_turn_with_the_scripted_user(org, stride, org_backend, catalog):
    instances = catalog[org][::stride]
    assert failures(instances, org_backend(org), multi_turn=True)[:3] == []


def test_multi_turn_steps_reveal_then_answer(backend, catalog):
    instance = next(i for i in catalog["b2b"] if i.task == "handle_time" and len(i.reveal) == 3)
    engine = EpisodeEngine(instance, backend, OracleActor(), user=ScriptedUser())
    outcome = engine.run()
    users = [s.content for s in engine.steps if s.actor == "user"]
    assert users == [*instance.reveal, "###STOP###"]
    responds = [s.answer for s in engine.steps if s.kind == "respond"]
    assert len(responds) == 3 and responds[-1] == outcome.final_answer
    assert outcome.reward == 1.0
