"""The Baselines screen via Pilot, on the report tests' transcript DB (tests/report/fixture_db.py)."""

from __future__ import annotations

import pytest

from crmtui.app.screens.baselines import BaselinesScreen, open_baselines
from crmtui.app.widgets.pane import RichPane
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.soql.engine import Engine
from tests.report.fixture_db import build_store, pick_instances

from .conftest import plain, settle

pytestmark = pytest.mark.asyncio
ORACLE = "oracle · react · crmtui-1"


@pytest.fixture(scope="module")
def report_db(tmp_path_factory, b2b_org):
    built = build_store(tmp_path_factory.mktemp("baselines-db") / "crmtui.db",
                        EmbeddedBackend(Engine.open(b2b_org)), pick_instances())
    built.store.close()
    return built


async def _open(pilot, **kwargs) -> BaselinesScreen:
    screen = BaselinesScreen(**kwargs)
    pilot.app.push_screen(screen)
    await settle(pilot)
    await settle(pilot)
    return screen


def _body(screen) -> str:
    return screen.query_one("#baselines-body", RichPane).plain


async def test_outcomes_sections_and_filters(make_app, report_db):
    app = make_app(db_path=report_db.path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open(pilot)
        body = _body(screen)
        assert "Outcomes by skill" in body and "human:ana" in body and ORACLE in body
        assert "67% [21%–94%] 2/3" in body and "humans (pooled)" in body
        await pilot.press("tab")
        assert screen.section_name == "pass_k" and "pass^k" in _body(screen)
        await pilot.press("shift+tab")
        assert screen.section_name == "outcomes"
        await pilot.press("w")  # who: the first kind, agents
        await settle(pilot)
        assert screen.filters["kind"] == "agent"
        body = _body(screen)
        assert ORACLE in body and "human:ana" not in body and "filters: kind=agent" in body
        assert "kind agent" in plain(screen.query_one("#baselines-filters"))
        await pilot.press("x")
        await settle(pilot)
        assert "human:ana" in _body(screen)
        await pilot.press("b")  # outcomes by task type
        await settle(pilot)
        assert screen.by == "type" and "Outcomes by type" in _body(screen) and "handle_time" in _body(screen)


async def test_every_section_renders(make_app, report_db):
    app = make_app(db_path=report_db.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        seen = {}
        for _ in range(7):
            seen[screen.section_name] = _body(screen)
            await pilot.press("tab")
        assert screen.section_name == "outcomes"  # wrapped around
        assert "Effort per episode" in seen["effort"]
        assert "Confidentiality" in seen["confidentiality"]
        assert "Gold validation" in seen["gold"] and "knowledge_qa" in seen["gold"]
        assert "Agreement between people" in seen["agreement"]
        assert "llm:fake" in seen["judges"] and "User simulator fault rate" in seen["judges"]


async def test_export_html_and_opener(make_app, report_db, tmp_path):
    app = make_app(db_path=report_db.path)
    async with app.run_test(size=(120, 40)) as pilot:
        open_baselines(pilot.app)
        await settle(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, BaselinesScreen)
        pilot.app.screen.export_dir = tmp_path
        await pilot.press("e")
        await settle(pilot)
        files = list(tmp_path.glob("crmtui-report-*.html"))
        assert len(files) == 1 and 'class="chart chart-outcomes"' in files[0].read_text(encoding="utf-8")
        titles = [c.title for c in pilot.app.screen.palette_commands()]
        assert "Baselines: export the report as HTML" in titles and "Baselines: outcomes by org" in titles
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, BaselinesScreen)


async def test_empty_db(make_app, tmp_path):
    app = make_app(db_path=tmp_path / "empty.db")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        assert "No episode matches" in _body(screen)
        await pilot.press("o")  # no org to filter by yet
        await settle(pilot)
        assert screen.filters["org"] is None
