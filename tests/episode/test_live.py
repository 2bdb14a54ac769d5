"""The live episode controller: human play, step-through with approve/edit/reject, take-over, replay, fork, timer."""

from __future__ import annotations

import threading

import pytest

from crmtui.episode.actions import Action, ActionError
from crmtui.episode.actors import ORACLE_CLARIFY
from crmtui.episode.engine import END_ABANDONED, END_SUBMIT
from crmtui.episode.live import ActiveTimer, EpisodeRequest, LiveEpisode, LiveError, disclosed_values, rows_of


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def region(catalog):
    """An answerable b2b task whose reference solution is one SOQL query (deterministic oracle)."""
    return next(i for i in catalog["b2b"] if i.task == "best_region_identification" and i.answerable
                and len(i.solution.queries) == 1)


def test_human_plays_to_a_correct_answer_scored_and_stored(backend, region, store):
    clock = Clock()
    live = LiveEpisode.open(EpisodeRequest("human", region, player="ann"), store=store, backend=backend,
                            clock=clock)
    assert live.person_turn and not live.automatic_turn and live.whose_turn == "agent"
    steps = live.act(Action.execute(region.solution.queries[0]))
    assert [s.kind for s in steps] == ["query"] and steps[0].actor == "human"
    assert rows_of(steps[0]) == len(steps[0].observation) > 0
    clock.now += 5
    live.act(Action.respond(region.answer[0]))
    assert live.done and live.reward == 1.0 and live.outcome.end_reason == END_SUBMIT
    ep = store.get_episode(live.episode_id)
    assert (ep.status, ep.reward, ep.final_answer, ep.agent_kind, ep.player) == \
        ("finished", 1.0, region.answer[0], "human", "ann")
    assert ep.active_ms == pytest.approx(5000.0)
    assert ep.extra == {"timer": {"active_ms": 5000.0, "pauses": [], "mode": "human"}}
    assert [s.kind for s in ep.steps] == ["message", "message", "query", "respond"]
    with pytest.raises(LiveError, match="over"):
        live.act(Action.respond("again"))


def test_pause_intervals_are_stored(backend, region, store):
    clock = Clock()
    walls = iter(["2026-01-01T00:00:01.000Z", "2026-01-01T00:00:09.000Z"])
    live = LiveEpisode.open(EpisodeRequest("human", region), store=store, backend=backend, clock=clock)
    live.timer.wall = lambda: next(walls)
    clock.now += 2
    assert live.toggle_timer() is True and live.timer.paused
    clock.now += 8  # paused: not counted
    assert live.active_ms == pytest.approx(2000.0)
    live.act(Action.respond("None"))  # acting resumes the timer
    ep = store.get_episode(live.episode_id, steps=False)
    assert ep.active_ms == pytest.approx(2000.0)
    assert ep.extra["timer"]["pauses"] == [{"from": "2026-01-01T00:00:01.000Z", "to": "2026-01-01T00:00:09.000Z",
                                            "ms": 8000.0}]


def test_a_resumed_episode_continues_its_active_time(backend, region, store, monkeypatch):
    clock = Clock()
    live = LiveEpisode.open(EpisodeRequest("human", region, player="ann"), store=store, backend=backend,
                            clock=clock)
    live.timer.wall = lambda: "2026-01-01T00:00:04.000Z"
    clock.now += 3
    live.act(Action.execute(region.solution.queries[0]))  # each action keeps the count with the episode
    running = store.get_episode(live.episode_id, steps=False)
    assert (running.status, running.active_ms) == ("running", pytest.approx(3000.0))
    clock.now += 1
    live.pause_timer()  # then the app is closed, the episode left running
    assert store.get_episode(live.episode_id, steps=False).extra["timer"]["pauses"][0]["to"] is None
    later = Clock()
    from crmtui.episode import live as live_module

    monkeypatch.setattr(live_module, "now_iso", lambda: "2026-01-01T00:01:04.000Z")
    resumed = LiveEpisode.open(EpisodeRequest("human", episode_id=live.episode_id, resume=True, player="ann"),
                               store=store, backend=backend, clock=later)
    later.now += 2
    resumed.act(Action.respond(region.answer[0]))
    ep = store.get_episode(live.episode_id, steps=False)
    assert ep.status == "finished" and ep.active_ms == pytest.approx(6000.0)  # 3 + 1 before, 2 after
    assert ep.extra["timer"]["pauses"] == [{"from": "2026-01-01T00:00:04.000Z", "to": "2026-01-01T00:01:04.000Z",
                                            "ms": 60000.0}]
    assert store.verify().ok


def test_step_through_the_oracle_with_approve_edit_and_reject(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region, agent="oracle"), store=store, backend=backend)
    assert live.automatic_turn and live.pending is None
    with pytest.raises(LiveError, match="nothing is proposed"):
        live.approve()
    proposal = live.propose()
    assert proposal is not None and proposal.action.kind == "query" and live.pending is proposal
    assert live.steps[-1].kind == "message"  # shown before it runs: nothing executed yet
    # reject: recorded, not executed
    step = live.reject("try a narrower query")
    assert (step.actor, step.kind) == ("system", "error") and "rejected" in step.content
    assert step.meta["rejected"]["query"] == region.solution.queries[0]
    assert step.meta["reason"] == "try a narrower query" and live.pending is None
    assert live.engine.agent_actions == 0
    # edit: the edited action runs, the original is kept in meta
    live.propose()
    steps = live.edit(Action.execute("SELECT Id FROM Account LIMIT 1"))
    assert steps[0].kind == "query" and steps[0].arguments == {"query": "SELECT Id FROM Account LIMIT 1"}
    assert steps[0].meta["edited"]["original"]["query"] == region.solution.queries[0]
    # approve: the oracle runs its own query again, then answers
    assert live.propose().action.query == region.solution.queries[0]
    live.approve()
    assert live.propose().action.kind == "respond"
    live.approve()
    assert live.done and live.reward == 1.0
    kinds = [(s.actor, s.kind) for s in store.get_episode(live.episode_id).steps]
    assert kinds == [("system", "message"), ("user", "message"), ("system", "error"), ("agent", "query"),
                     ("agent", "query"), ("agent", "respond")]


def test_stale_proposal_is_discarded(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region), store=store, backend=backend)
    gate, release = threading.Event(), threading.Event()
    agent = live.engine.agent
    original = agent.act

    def slow(engine):
        gate.set()
        release.wait(5)
        return original(engine)

    agent.act = slow
    result: list = []
    worker = threading.Thread(target=lambda: result.append(live.propose()))
    worker.start()
    gate.wait(5)
    live.cancel_proposal()
    release.set()
    worker.join(5)
    assert result == [None] and live.pending is None


def test_take_over_and_hand_back(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region, player="bo"), store=store, backend=backend)
    live.propose()
    live.take_over()
    assert live.pending is None and live.person_turn and live.taken_over
    live.act(Action.execute("SELECT Id FROM Account LIMIT 2"))
    live.hand_back()
    assert live.automatic_turn and not live.taken_over
    live.run_to_end()
    assert live.done and live.reward == 1.0
    actors = [(s.actor, s.kind) for s in live.steps[2:]]
    assert actors == [("human", "takeover"), ("human", "query"), ("human", "handback"), ("agent", "query"),
                      ("agent", "respond")]


def test_run_to_end_stops_when_cancelled(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region), store=store, backend=backend)
    cancel = threading.Event()
    seen: list = []

    def on_step(steps):
        seen.append([s.kind for s in steps])
        cancel.set()

    assert live.run_to_end(cancel, on_step) is None
    assert seen == [["query"]] and not live.done


def test_user_mode_person_writes_the_user_lines(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("user", region, agent="oracle"), store=store, backend=backend)
    assert live.engine.multi_turn and live.person_turn and live.whose_turn == "user"
    for line in region.reveal:
        live.act(Action.say(line))
        while live.automatic_turn:
            live.advance()
    assert live.whose_turn == "user" and live.steps[-1].answer == region.answer[0]
    live.act(Action.stop())
    assert live.done and live.reward == 1.0
    assert store.get_episode(live.episode_id, steps=False).user_kind == "human"
    replies = [s.answer for s in live.steps if s.kind == "respond"]
    assert replies == [ORACLE_CLARIFY] * (len(region.reveal) - 1) + [region.answer[0]]


def test_replay_cursor_and_fork(backend, region, store):
    played = LiveEpisode.open(EpisodeRequest("step", region), store=store, backend=backend)
    played.run_to_end()
    replay = LiveEpisode.open(EpisodeRequest("replay", episode_id=played.episode_id), store=store)
    assert replay.instance.id == region.id and replay.engine is None and replay.cursor == 0
    assert len(replay.shown_steps) == 1
    assert replay.forward() == 1 and replay.forward(10) == 3 and replay.back() == 2
    assert replay.first() == 0 and replay.last() == 3
    with pytest.raises(LiveError, match="fork"):
        replay.propose()
    fork = replay.fork(2, backend=backend)  # after the oracle's query, a person continues
    assert fork.mode == "human" and fork.person_turn and len(fork.steps) == 3
    fork.act(Action.respond(region.answer[0]))
    ep = store.get_episode(fork.episode_id, steps=False)
    assert (ep.parent_episode_id, ep.parent_step, ep.reward, ep.agent_kind) == (played.episode_id, 2, 1.0, "human")


def test_abandon_stores_the_timer(backend, region, store):
    clock = Clock()
    live = LiveEpisode.open(EpisodeRequest("human", region), store=store, backend=backend, clock=clock)
    clock.now += 1.5
    live.abandon()
    ep = store.get_episode(live.episode_id, steps=False)
    assert (ep.status, ep.end_reason, ep.active_ms) == ("abandoned", END_ABANDONED, 1500.0)


def test_timer_pause_resume():
    clock = Clock()
    timer = ActiveTimer(clock, wall=lambda: "t")
    clock.now += 1
    assert timer.pause() and not timer.pause()
    clock.now += 10
    assert timer.resume() and not timer.resume()
    clock.now += 2
    timer.stop()
    clock.now += 50
    assert timer.active_ms == 3000.0 and timer.pauses == [{"from": "t", "to": "t", "ms": 10000.0}]


def test_disclosed_values_are_those_repeated_in_a_later_reply(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region), store=store, backend=backend)
    live.run_to_end()
    assert region.answer[0] in disclosed_values(live.steps)


def test_action_json_round_trip():
    action = Action.call("get_cases", {"start_date": "2024-01-01"}, call_id="c1", meta={"x": 1})
    data = action.to_json()
    assert data == {"kind": "tool_call", "tool": "get_cases", "arguments": {"start_date": "2024-01-01"},
                    "call_id": "c1", "meta": {"x": 1}}
    assert Action.from_json(data) == action
    assert Action.from_json('{"kind": "query", "query": "SELECT Id FROM Case"}') == Action.execute(
        "SELECT Id FROM Case")
    assert Action.from_json({"kind": "respond", "content": ""}).content == ""
    for bad, message in (("{", "not valid JSON"), ([], "JSON object"), ({"kind": "dance"}, "kind must be"),
                         ({"kind": "query"}, "needs 'query'"), ({"kind": "query", "query": 3}, "query must be text"),
                         ({"kind": "respond", "content": "x", "colour": 1}, "unknown key colour"),
                         ({"kind": "say", "content": "x", "cost": "free"}, "cost must be a number"),
                         ({"kind": "tool_call", "tool": "t", "arguments": [1]}, "arguments must be")):
        with pytest.raises(ActionError, match=message):
            Action.from_json(bad)


def test_resume_keeps_the_turn_mode_and_a_taken_over_seat(backend, region, store):
    live = LiveEpisode.open(EpisodeRequest("step", region, user="scripted"), store=store, backend=backend)
    live.advance()  # the scripted user's first line
    live.take_over()
    resumed = LiveEpisode.open(EpisodeRequest("step", episode_id=live.episode_id, resume=True), store=store,
                               backend=backend)
    assert resumed.engine.multi_turn and resumed.engine.user.name == "scripted"
    assert resumed.taken_over and resumed.person_turn and resumed.instance.id == region.id
    resumed.hand_back()
    assert resumed.automatic_turn
