"""SVG snapshots of the Episode screen at 80x24 and 160x48: stepping through the oracle (a proposal shown before
it runs) and replaying a stored episode (the selected query step's result in the inspector).

Deterministic: the app's clock is constant (the active-time timer shows 0:00), and the replayed episode is
stored with fixed ids, timestamps and latencies. Update with `--snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from crmtui.app.widgets.trace import StepTrace
from crmtui.episode.engine import EpisodeEngine
from crmtui.episode.live import EpisodeRequest
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.soql.engine import Engine

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
T0 = "2026-01-01T10:00:00.000Z"


@pytest.fixture(scope="module")
def region(catalog):
    return next(i for i in catalog if i.org == "b2b" and i.task == "best_region_identification" and i.answerable
                and len(i.solution.queries) == 1)


def stored_episode(store, instance, b2b_org) -> str:
    """The oracle's episode of `instance`, stored with fixed ids, times and latencies."""
    from crmtui.episode.actors import OracleActor

    engine = EpisodeEngine(instance, EmbeddedBackend(Engine.open(b2b_org)), OracleActor())
    engine.run()
    ep = store.start_episode(task=instance, episode_id="snapshot-episode", agent_kind="oracle", toolset="react",
                             started_at=T0, config={"multi_turn": False, "toolset": "react"})
    steps = [replace(s, index=None, started_at=T0, ended_at=T0,
                     duration_ms=12.0 if s.kind in ("query", "tool_call") else None) for s in engine.steps]
    store.append_steps(ep.id, steps)
    store.finish_episode(ep.id, end_reason="Submit action", reward=1.0, active_ms=4000.0, ended_at=T0)
    return ep.id


@pytest.mark.parametrize("size", SIZES)
def test_episode_step_through(snap_compare, make_app, region, tmp_path, size):
    async def proposal(pilot) -> None:
        await settle(pilot)
        pilot.app.open_episode(EpisodeRequest("step", region))
        for _ in range(10):
            await settle(pilot)
        await pilot.press("n")
        for _ in range(5):
            await settle(pilot)

    assert snap_compare(make_app(db_path=tmp_path / "episodes.db"), terminal_size=size, run_before=proposal)


@pytest.mark.parametrize("size", SIZES)
def test_episode_replay(snap_compare, make_app, region, tmp_path, b2b_org, size):
    app = make_app(db_path=tmp_path / "episodes.db")
    episode_id = stored_episode(app.store, region, b2b_org)

    async def replay(pilot) -> None:
        await settle(pilot)
        pilot.app.open_episode(EpisodeRequest("replay", episode_id=episode_id))
        for _ in range(10):
            await settle(pilot)
        await pilot.press("greater_than_sign", "comma")  # the last step, then back to the query
        screen = pilot.app.screen
        if size == (80, 24):
            await pilot.press("3")  # the inspector pane
        screen.query_one(StepTrace).refresh()
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=replay)
