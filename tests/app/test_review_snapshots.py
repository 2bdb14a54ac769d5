"""SVG snapshots of the Review screen (queues), an episode opened from it with its labels, and two episodes side
by side, at 80x24 and 160x48. Deterministic: the DB holds fixed episodes (fixed ids and times) and reviews.
Update with `pytest tests/app/test_review_snapshots.py --snapshot-update` and review the SVGs."""

from __future__ import annotations

import pytest

from crmtui.app.screens.review import open_review

from .conftest import settle
from .review_fixtures import review_db

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def app(make_app, tmp_path, catalog):
    review_db(tmp_path / "review.db", catalog)
    return make_app(db_path=tmp_path / "review.db", annotator="ana")


async def _queues(pilot) -> None:
    await settle(pilot)
    open_review(pilot.app)
    await settle(pilot)
    await pilot.press("down")
    await pilot.pause()


async def _episode(pilot) -> None:
    await _queues(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("end", "l", "w", "plus")
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def _compare(pilot) -> None:
    await _queues(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("down", "down", "down")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_review_queues(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_queues)


@pytest.mark.parametrize("size", SIZES)
def test_review_episode(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_episode)


@pytest.mark.parametrize("size", SIZES)
def test_review_compare(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_compare)
