"""Pilot tests of the Review screen: queues with counts, an episode opened read-only and labelled by key (it
leaves the queue), and two episodes of a task side by side with one cursor."""

from __future__ import annotations

import pytest

from crmtui.app.screens.episode import EpisodeScreen
from crmtui.app.screens.review import CompareScreen, ReviewScreen, open_review
from crmtui.app.widgets.annotate import AnnotationPanel
from crmtui.app.widgets.grid import Grid
from crmtui.store import open_store

from .conftest import plain, settle
from .review_fixtures import review_db

pytestmark = pytest.mark.asyncio


@pytest.fixture
def db(tmp_path, catalog):
    path = tmp_path / "review.db"
    review_db(path, catalog)
    return path


async def open_queues(pilot) -> ReviewScreen:
    await settle(pilot)
    open_review(pilot.app)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def test_queues_with_counts(make_app, db):
    app = make_app(db_path=db, annotator="ana")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_queues(pilot)
        tabs = plain(screen.query_one("#queue-tabs"))
        assert " ".join(tabs.split()) == "Unannotated failures (3) Judge/human disagreement (1) Disputed gold (1)"
        grid = screen.query_one("#review-grid", Grid)
        assert grid.columns == ["who", "reward", "why", "task", "when"]
        assert [r[:4] for r in grid.rows] == [
            ("human:ana", "0", "answered 'ZZ'", "b2b/best_region_identification/0000"),
            ("human:bo", "0", "answered 'CA'", "b2b/best_region_identification/0000"),
            ("llm:gpt-4o", "0", "answered 'NY'", "b2b/best_region_identification/0002"),
        ]
        await pilot.press("tab")
        assert [r[:3] for r in grid.rows] == [("oracle", "1", "cy: fail vs reward 1")]
        await pilot.press("tab")
        assert [r[:3] for r in grid.rows] == [("ana, bo", "", "ana: accept; bo: reject")]
        assert grid.rows[0][4] == "2026-01-06 10:00"
        await pilot.press("tab")  # round to the first queue
        assert grid.row_count == 3 and screen.queue == "failures"
        await pilot.press("shift+tab")
        assert screen.queue == "gold"
        await pilot.press("enter")  # a gold dispute opens in the adjudication screen, on that task
        await settle(pilot)
        from crmtui.app.screens.gold import AdjudicationScreen

        assert isinstance(app.screen, AdjudicationScreen)
        assert app.screen.current is not None and app.screen.current.task_id == grid.rows[0][3]


async def test_open_label_and_leave_the_queue(make_app, db):
    app = make_app(db_path=db, annotator="ana")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_queues(pilot)
        await pilot.press("down", "enter")  # bo's failure
        await settle(pilot)
        episode = app.screen
        assert isinstance(episode, EpisodeScreen) and episode.request.mode == "replay"
        assert episode.request.episode_id == "ep-bo"
        steps = episode.query_one("#ep-trace", Grid)
        assert [tuple(str(c) for c in r[:3]) for r in steps.rows] == [
            ("0", "system", "message"), ("1", "user", "message"), ("2", "human", "query"), ("3", "human", "respond")]
        await pilot.press("end")
        await settle(pilot)
        assert episode.query_one(AnnotationPanel).step_idx == 3
        await pilot.press("l", "w", "S", "a", "minus")
        await pilot.pause()
        with open_store(db) as store:
            assert [(a.author, a.step_idx, a.category, a.fault, a.verdict) for a in store.annotations("ep-bo")] == [
                ("ana", 3, "wrong_answer", None, None), ("ana", 3, None, "agent", None),
                ("ana", None, None, None, "fail")]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert [r[0] for r in screen.query_one("#review-grid", Grid).rows] == ["human:ana", "llm:gpt-4o"]
        assert "Unannotated failures (2)" in plain(screen.query_one("#queue-tabs"))


async def test_two_episodes_side_by_side(make_app, db):
    app = make_app(db_path=db, annotator="ana")
    async with app.run_test(size=(160, 40)) as pilot:
        await open_queues(pilot)
        await pilot.press("c")  # ana's failure, beside a success of the same task
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        heads = [plain(compare.query_one(f"#compare-head-{side}")) for side in (0, 1)]
        assert "human:ana" in heads[0] and "reward 0" in heads[0] and "answer: ZZ" in heads[0]
        assert "oracle" in heads[1] and "reward 1" in heads[1] and "1 of 3" in heads[1]
        left, right = compare.query_one("#compare-grid-0", Grid), compare.query_one("#compare-grid-1", Grid)
        assert (left.rows[3][3], right.rows[3][3]) == ("ZZ", "TX")
        await pilot.press("down", "down")
        assert (left.cursor_row, right.cursor_row) == (2, 2)
        await pilot.press("full_stop")  # the next other episode on the right: bo's
        await pilot.pause()
        assert "human:bo" in plain(compare.query_one("#compare-head-1")) and right.rows[3][3] == "CA"
        assert right.cursor_row == 2
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
