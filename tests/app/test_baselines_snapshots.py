"""SVG snapshots of the Baselines screen (outcomes, the section without timings) at 80x24 and 160x48.

The transcript DB is tests/report/fixture_db.py's, built on the session's B2B org; the outcomes it shows do not
depend on time. Update with `pytest tests/app/test_baselines_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

import pytest

from crmtui.app.screens.baselines import BaselinesScreen
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.soql.engine import Engine
from tests.report.fixture_db import build_store, pick_instances

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture(scope="module")
def report_db(tmp_path_factory, b2b_org):
    built = build_store(tmp_path_factory.mktemp("baselines-snap-db") / "crmtui.db",
                        EmbeddedBackend(Engine.open(b2b_org)), pick_instances())
    built.store.close()
    return built


async def _baselines(pilot) -> None:
    await settle(pilot)
    pilot.app.push_screen(BaselinesScreen())
    await settle(pilot)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_baselines_screen(snap_compare, make_app, report_db, size):
    assert snap_compare(make_app(db_path=report_db.path), terminal_size=size, run_before=_baselines)
