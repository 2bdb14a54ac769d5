"""The Tasks screen's aggregate columns (turn, gold, human and agent runs, agent success) and their filters."""

from __future__ import annotations

import re

import pytest

from crmtui.app.screens.tasks import COLUMNS, TasksScreen, task_row
from crmtui.app.taskfilter import Prepared, cycle_term, parse_task_query
from crmtui.app.widgets.grid import Grid
from crmtui.store import open_store
from crmtui.store.aggregates import TaskStats
from crmtui.tasks.errors import FilterError

from .conftest import plain, settle


@pytest.fixture
def seeded(catalog, tmp_path):
    """Three b2b tasks with runs and reviews: one validated (1 human, 2 agents, 1 success), one disputed (an
    oracle run only), one corrected."""
    tasks = [i for i in catalog if i.org == "b2b" and i.task == "handle_time"][:3]
    db = tmp_path / "t.db"
    with open_store(db) as store:
        for kind, reward in (("human", 1.0), ("llm", 1.0), ("llm", 0.0)):
            ep = store.start_episode(task=tasks[0], agent_kind=kind)
            store.finish_episode(ep.id, reward=reward)
        store.review_gold(tasks[0], reviewer="ana", verdict="accept", rationale="checked by hand")
        ep = store.start_episode(task=tasks[1], agent_kind="oracle")
        store.finish_episode(ep.id, reward=1.0)
        store.review_gold(tasks[1], reviewer="ana", verdict="accept")
        store.review_gold(tasks[1], reviewer="bo", verdict="reject", rationale="ambiguous period")
        store.review_gold(tasks[2], reviewer="bo", verdict="correct", proposed_answer=["005000000000000XXX"])
    return db, tasks


def _row(grid: Grid, task_id: str) -> dict:
    number = task_id.rsplit("/", 1)[-1]
    for row in grid.rows:
        cells = dict(zip(grid.columns, row, strict=True))
        if cells["task"] == task_id.split("/")[1] and cells["#"] == number and cells["org"] == task_id.split("/")[0]:
            return {k: (str(v) if k == "gold" else v) for k, v in cells.items()}
    raise AssertionError(f"{task_id} not shown")


@pytest.mark.asyncio
async def test_aggregates_appear_in_the_table(make_app, seeded):
    db, tasks = seeded
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TasksScreen) and screen.stats_state == "loaded"
        grid = screen.query_one(Grid)
        assert tuple(grid.columns) == COLUMNS
        first = _row(grid, tasks[0].id)
        assert {k: first[k] for k in ("gold", "turn", "human", "agent", "agent ✓%")} == \
            {"gold": "validated", "turn": "both", "human": 1, "agent": 2, "agent ✓%": 50}
        second = _row(grid, tasks[1].id)
        assert (second["gold"], second["human"], second["agent"], second["agent ✓%"]) == ("disputed", 0, 0, None)
        assert _row(grid, tasks[2].id)["gold"] == "corrected"
        other = next(i for i in screen.instances if i.org == "b2c")
        assert (_row(grid, other.id)["gold"], _row(grid, other.id)["human"]) == ("generated", 0)

        # filter by gold status, runs and turn mode
        filt = screen.query_one("#filter")
        for text, expected in (
            ("gold=validated", [tasks[0].id]),
            ("gold=disputed|corrected", [tasks[1].id, tasks[2].id]),
            ("org=b2b,task=handle_time,runs=1+", [tasks[0].id]),
            ("agent>=2", [tasks[0].id]),
            ("human=1,gold=validated", [tasks[0].id]),
        ):
            filt.value = text
            await pilot.pause()
            assert [screen.instances[n].id for n in screen.shown] == expected, text
        filt.value = "runs=0,org=b2b,task=handle_time"
        await pilot.pause()
        shown = {screen.instances[n].id for n in screen.shown}
        assert tasks[0].id not in shown and tasks[1].id in shown  # the oracle's runs are not counted
        filt.value = "turn=single"
        await pilot.pause()
        assert screen.shown == []  # every generated task has a reveal plan: playable multi-turn
        assert plain(screen.query_one("#count")).startswith("0 / ")

        # quick filter keys
        filt.value = ""
        grid.focus()
        await pilot.press("g")
        await pilot.pause()
        assert filt.value == "gold=generated"
        await pilot.press("g", "g")
        await pilot.pause()
        assert filt.value == "gold=disputed"
        assert [screen.instances[n].id for n in screen.shown] == [tasks[1].id]
        await pilot.press("n")
        await pilot.pause()
        assert filt.value == "gold=disputed,runs=0"


@pytest.mark.asyncio
async def test_detail_pane_shows_gold_status_and_reviews(make_app, seeded):
    db, tasks = seeded
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#filter").value = f"id={tasks[0].id}"
        await pilot.pause(0.15)
        await settle(pilot)
        detail = " ".join(plain(screen.query_one("#detail")).split())
        assert "gold validated" in detail
        assert "human 1 (1 ✓) · agents 2 (1 ✓ 50%, mean reward 0.50)" in detail
        assert "accept ana" in detail and "checked by hand" in detail
        await pilot.press("b")  # blind mode hides the reviews' content
        await pilot.pause()
        detail = " ".join(plain(screen.query_one("#detail")).split())
        assert "1 review: hidden in blind mode" in detail and "checked by hand" not in detail


@pytest.mark.asyncio
async def test_stats_reload_when_the_screen_comes_back(make_app, seeded, catalog):
    db, tasks = seeded
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.store.review_gold(tasks[2], reviewer="cy", verdict="accept")
        await pilot.press("J")  # any screen on top, then back
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert _row(app.screen.query_one(Grid), tasks[2].id)["gold"] == "disputed"


@pytest.mark.asyncio
async def test_an_unreadable_db_leaves_the_table_usable(make_app, tmp_path, catalog):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    app = make_app(db_path=bad)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.stats_state == "unavailable"
        assert len(screen.query_one(Grid).rows) == len(catalog)
        assert str(screen.query_one(Grid).rows[0][3]) == "…"
        screen.query_one("#filter").value = "gold=validated"
        await pilot.pause()
        assert "no transcript DB" in plain(screen.query_one("#count"))
        assert any("Runs and gold statuses are not shown" in str(n.message) for n in app._notifications)


def test_rows_and_filters_before_the_aggregates(catalog):
    i = catalog[0]
    loading = task_row(i)
    cells = dict(zip(COLUMNS, loading, strict=True))
    assert (str(cells["gold"]), cells["human"], cells["agent"], cells["agent ✓%"], cells["turn"]) == \
        ("…", None, None, None, "both")
    stats = TaskStats(i.id, human_runs=2, agent_runs=4, agent_successes=3)
    cells = dict(zip(COLUMNS, task_row(i, stats, loaded=True), strict=True))
    assert (str(cells["gold"]), cells["human"], cells["agent"], cells["agent ✓%"]) == ("generated", 2, 4, 75)
    p = Prepared.of(i)
    assert not parse_task_query("gold=generated").matches_prepared(p)  # unknown until loaded
    assert not parse_task_query("runs=0").matches_prepared(p)
    assert parse_task_query("runs=6").matches_prepared(p.with_stats("generated", 2, 4))
    assert parse_task_query("runs<7,human>1,agent<=4").matches_prepared(p.with_stats("generated", 2, 4))
    assert parse_task_query("turn=multi").matches_prepared(p)
    assert parse_task_query("gold=validated").needs_stats and not parse_task_query("turn=multi").needs_stats


@pytest.mark.parametrize(("text", "message"), [
    ("gold=great", "gold must be one of generated, validated, disputed, corrected, not 'great'"),
    ("turn=double", "turn must be single or multi, not 'double'"),
    ("runs=some", "expected a number of runs"),
    ("agent>=1+", "write agent=1+ or agent>=1"),
])
def test_bad_aggregate_terms(text, message):
    with pytest.raises(FilterError, match=re.escape(message)):
        parse_task_query(text)


def test_quick_filters_cycle():
    assert [cycle_term(t, "runs") for t in ("", "runs=0", "runs=1+")] == ["runs=0", "runs=1+", ""]
    assert cycle_term("org=b2b", "turn") == "org=b2b,turn=single"
