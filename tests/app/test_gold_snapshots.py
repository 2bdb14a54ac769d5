"""SVG snapshots of the GoldReview and Adjudication screens at 80x24 and 160x48.

Deterministic: the episodes and reviews have fixed ids and times, the reviewer is fixed and the DB is per test.
Update with `pytest tests/app/test_gold_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

import pytest

from crmtui.app.screens.gold import GoldReviewScreen
from crmtui.store import Step, open_store

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
AT = "2026-01-06T10:00:00.000Z"


@pytest.fixture
def disputed(catalog, tmp_path):
    """A b2b task that ana solved (blind, and accepted its gold) and bo rejected; ana's finished episode."""
    task = next(i for i in catalog if i.org == "b2b" and i.task == "handle_time" and i.answerable and i.solution)
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.start_episode(task=task, episode_id="ep-ana", started_at="2026-01-05T09:00:00.000Z",
                            agent_kind="human", player="ana", toolset="react")
        store.append_steps("ep-ana", [
            Step("system", "message", content="prompt", ended_at="2026-01-05T09:00:00.000Z"),
            Step("user", "message", content=task.query, ended_at="2026-01-05T09:00:00.000Z"),
            Step("human", "query", tool="soql", arguments={"query": task.solution.queries[0]}, observation=[],
                 ended_at="2026-01-05T09:01:00.000Z"),
            Step("human", "respond", arguments={"content": task.answer[0]}, ended_at="2026-01-05T09:02:13.000Z"),
        ])
        store.finish_episode("ep-ana", final_answer=task.answer[0], reward=1.0, active_ms=133_000.0,
                             ended_at="2026-01-05T09:02:13.000Z")
    return db, task


async def _review(pilot, task) -> None:
    await settle(pilot)
    pilot.app.push_screen(GoldReviewScreen(task, episode_id="ep-ana", blind=True))
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_gold_review_screen(snap_compare, make_app, disputed, size):
    db, task = disputed
    with open_store(db) as store:
        store.review_gold(task, reviewer="bo", verdict="reject", rationale="two agents tie", created_at=AT)

    async def run(pilot) -> None:
        await _review(pilot, task)

    assert snap_compare(make_app(db_path=db, annotator="ana"), terminal_size=size, run_before=run)


def test_verdict_dialog(snap_compare, make_app, disputed):
    db, task = disputed

    async def run(pilot) -> None:
        await _review(pilot, task)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(make_app(db_path=db, annotator="ana"), terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_adjudication_screen(snap_compare, make_app, disputed, size):
    db, task = disputed
    with open_store(db) as store:
        store.review_gold(task, reviewer="ana", verdict="accept", rationale="same as mine", blind=True,
                          episode_id="ep-ana", created_at=AT)
        store.review_gold(task, reviewer="bo", verdict="correct", proposed_answer=["005Wt000070000ZZZ"],
                          rationale="two agents tie; the earlier one wins", created_at="2026-01-06T11:30:00.000Z")

    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)

    assert snap_compare(make_app(db_path=db, annotator="cy"), terminal_size=size, run_before=run)
