"""Blind gold validation end to end (solve, see the gold, record a verdict) and the adjudication of a dispute."""

from __future__ import annotations

import sqlite3

import pytest

from crmtui.app.screens.gold import AdjudicationScreen, GoldReviewScreen, VerdictDialog, parse_answer
from crmtui.app.screens.tasks import TasksScreen
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.pane import RichPane
from crmtui.episode.actions import Action
from crmtui.episode.actors import HumanActor
from crmtui.episode.engine import EpisodeEngine
from crmtui.org.backends import open_backend
from crmtui.store import open_store
from crmtui.store.gold import ADJUDICATION, adjudication_queue

from .conftest import plain, settle, type_text


@pytest.fixture
def task(catalog):
    """An answerable b2b task with one id as its answer and an oracle solution."""
    return next(i for i in catalog if i.org == "b2b" and i.task == "handle_time" and i.answerable and i.solution)


def _rows(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT task_id, reviewer, verdict, proposed_answer, rationale, blind, episode_id, "
                            "reason FROM gold_reviews ORDER BY id").fetchall()
    finally:
        conn.close()


def _solver(app, b2b_org, answer: str, requests: list):
    """Stands in for the Episode screen: the person solves the task (an episode played through the engine with a
    HumanActor, as the Episode screen does), then the screen is left and `on_done` gets the episode id."""
    backend = open_backend(f"embedded:{b2b_org}")

    def open_episode(request) -> None:
        requests.append(request)
        engine = EpisodeEngine(request.instance, backend, HumanActor(request.player), store=app.store,
                               player=request.player)
        engine.apply(Action.execute("SELECT Id FROM Case LIMIT 1"))
        engine.apply(Action.respond(answer))
        request.on_done(engine.episode_id)

    return open_episode


async def _select(pilot, task_id: str) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#filter").value = f"id={task_id}"
    await pilot.pause()
    pilot.app.screen.query_one(Grid).focus()
    await pilot.pause()


async def _verdict(pilot, key: str, *, answer: str | None = None, rationale: str = "", reason: str | None = None):
    await pilot.press(key)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, VerdictDialog)
    if answer is not None:
        dialog.query_one("#verdict-answer").value = answer
    dialog.query_one("#verdict-rationale").focus()
    await type_text(pilot, rationale)
    if reason is not None:
        dialog.query_one("#verdict-reason").value = reason
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.mark.asyncio
async def test_blind_gold_validation_end_to_end(make_app, b2b_org, task, tmp_path):
    db = tmp_path / "t.db"
    app = make_app(db_path=db, annotator="ana", blind=True)
    requests: list = []
    app.open_episode = _solver(app, b2b_org, task.answer[0], requests)
    async with app.run_test(size=(120, 40)) as pilot:
        await _select(pilot, task.id)
        await pilot.press("v")
        await settle(pilot)
        (request,) = requests
        assert (request.mode, request.instance.id, request.blind, request.player) == ("human", task.id, True, "ana")
        screen = app.screen
        assert isinstance(screen, GoldReviewScreen)
        body = plain(screen.query_one("#gold-body", RichPane), width=118)
        assert "Your answer" in body and "Gold answer" in body and "Oracle's solution" in body
        assert body.count(task.answer[0]) >= 2  # the expert's answer and the gold
        assert "✓ your answer scores as the gold" in body and "finished · reward 1 ✓ · 4 steps" in body
        assert task.solution.queries[0].split()[0] in body
        assert screen.sub_title == f"Gold review · {task.id} · blind"

        await _verdict(pilot, "a", rationale="matches the org")
        assert isinstance(app.screen, TasksScreen)
        (episode,) = app.store.episodes(task_id=task.id)
        assert (episode.agent_kind, episode.player, episode.status) == ("human", "ana", "finished")
        assert _rows(db) == [(task.id, "ana", "accept", None, "matches the org", 1, episode.id, None)]
        # back on the Tasks screen the aggregates are reloaded: the task is validated, with one human run
        grid = app.screen.query_one(Grid)
        row = dict(zip(grid.columns, grid.rows[0], strict=True))
        assert (str(row["gold"]), row["human"], row["agent"]) == ("validated", 1, 0)


@pytest.mark.asyncio
async def test_changing_a_verdict_needs_a_reason(make_app, b2b_org, task, tmp_path):
    db = tmp_path / "t.db"
    app = make_app(db_path=db, annotator="ana")
    app.open_episode = _solver(app, b2b_org, "005000000000000ZZZ", [])
    async with app.run_test(size=(120, 40)) as pilot:
        await _select(pilot, task.id)
        await pilot.press("V")  # review now, without solving: not blind, no episode
        await settle(pilot)
        assert "no episode: reviewed without solving" in plain(app.screen.query_one("#gold-body"), width=118)
        await _verdict(pilot, "a", rationale="looks right")
        await pilot.press("v")  # then solve it (blind mode off: recorded as not blind) and change the verdict
        await settle(pilot)
        body = plain(app.screen.query_one("#gold-body"), width=118)
        assert "✗ your answer differs from the gold (reward 0)" in body
        assert "Your earlier verdict: accept" in body
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#verdict-answer").value == "005000000000000ZZZ"  # prefilled with their answer
        await pilot.press("ctrl+s")  # no reason given: refused in the dialog
        await pilot.pause()
        assert app.screen is dialog
        assert "Say why your verdict changes" in plain(dialog.query_one("#verdict-error"))
        dialog.query_one("#verdict-reason").value = "solved it: the gold is wrong"
        await pilot.press("ctrl+s")
        await settle(pilot)
    rows = _rows(db)
    episode_id = rows[1][6]
    assert rows == [
        (task.id, "ana", "accept", None, "looks right", 0, None, None),
        (task.id, "ana", "correct", '["005000000000000ZZZ"]', None, 0, episode_id, "solved it: the gold is wrong"),
    ]
    with open_store(db) as store:
        assert [r.verdict for r in store.gold_reviews(task.id)] == ["correct"]
        assert store.get_episode(episode_id, steps=False).player == "ana"


@pytest.mark.asyncio
async def test_disagreeing_reviewers_are_adjudicated(make_app, b2b_org, task, tmp_path):
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.review_gold(task, reviewer="bo", verdict="reject", rationale="two agents tie")
    app = make_app(db_path=db, annotator="ana", blind=True)
    app.open_episode = _solver(app, b2b_org, task.answer[0], [])
    async with app.run_test(size=(120, 40)) as pilot:
        await _select(pilot, task.id)
        await pilot.press("v")
        await settle(pilot)
        assert "1 other review of this task: not shown here" in plain(app.screen.query_one("#gold-body"), 118)
        await _verdict(pilot, "a", rationale="I got the same")
        assert adjudication_queue(app.store) == [task.id]
        grid = app.screen.query_one(Grid)
        assert str(dict(zip(grid.columns, grid.rows[0], strict=True))["gold"]) == "disputed"

        await pilot.press("J")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        queue = screen.query_one(Grid)
        assert [r[0] for r in queue.rows] == [task.id] and queue.rows[0][1] == 2
        assert str(queue.rows[0][2]) == "reject 1 · accept 1"
        detail = plain(screen.query_one("#adj-detail"), width=118)
        for text in ("bo", "ana", "reject", "accept", "two agents tie", "I got the same", "reward 1 ✓"):
            assert text in detail
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")  # an adjudication needs a rationale
        await pilot.pause()
        assert "Give a rationale" in plain(app.screen.query_one("#verdict-error"))
        await pilot.press("escape")
        await pilot.pause()
        await _verdict(pilot, "c", answer="005000000000000QQQ", rationale="the tie goes to the earliest")
        assert app.screen is screen and screen.query_one(Grid).rows == []
        assert "Nothing to adjudicate" in plain(screen.query_one("#adj-detail"))
        await pilot.press("escape")
        await settle(pilot)
        grid = app.screen.query_one(Grid)
        assert str(dict(zip(grid.columns, grid.rows[0], strict=True))["gold"]) == "corrected"
    last = _rows(db)[-1]
    assert last == (task.id, "ana", "correct", '["005000000000000QQQ"]', "the tie goes to the earliest", 0, None,
                    ADJUDICATION)


def test_parse_answer():
    assert parse_answer(" None ", "user_id") == [None]
    assert parse_answer("005A, 005B 005C", "ids") == ["005A", "005B", "005C"]
    assert parse_answer("Prospecting, then Closed", "stage") == ["Prospecting, then Closed"]
    assert parse_answer("  ", "text") == []
