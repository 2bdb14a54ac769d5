"""Issue #9's acceptance, end to end: oracle runs from `crmtui run`, human episodes played through the app by
keyboard (one right, one wrong, labelled and judged), then `crmtui report` as tables and as an HTML file whose
charts render in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from crmtui.app.screens.episode import EpisodeScreen
from crmtui.cli import main

from .conftest import settle, type_text
from .test_episode_screen import open_from_tasks, region, wait_ready  # noqa: F401  (region is a fixture)

pytestmark = pytest.mark.asyncio


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


async def _play(pilot, instance, query: str, answer: str) -> EpisodeScreen:
    """Play `instance` in the agent's seat from the Tasks screen by keyboard: a query, then a reply."""
    await open_from_tasks(pilot, instance, "p")
    await wait_ready(pilot)
    await type_text(pilot, query)
    await pilot.press("ctrl+r")
    await wait_ready(pilot)
    await pilot.press("escape", "r")  # from the editor to the trace, then to the respond box
    await type_text(pilot, answer)
    await pilot.press("enter")
    return await wait_ready(pilot)


async def test_runs_played_in_the_app_and_labelled_show_in_the_report(make_app, region, tmp_path, b2b_org,  # noqa: F811
                                                                       capsys):
    db = tmp_path / "baselines.db"
    assert main(["run", "--agent", "oracle", "--tasks", f"id={region.id}", "--trials", "2", "--db", str(db),
                 "--org", f"embedded:{b2b_org}"]) == 0
    capsys.readouterr()
    query = region.solution.queries[0]
    app = make_app(db_path=db, annotator="ann")
    async with app.run_test(size=(160, 48)) as pilot:
        right = await _play(pilot, region, query, region.answer[0])
        assert right.live.reward == 1.0
        await pilot.press("plus")  # the person's verdict agrees with the judge
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        wrong = await _play(pilot, region, query, "ZZ")
        assert wrong.live.reward == 0.0
        await pilot.press("L", "w", "minus")  # the whole episode: wrong answer, and it fails
        await settle(pilot)
        episode_id = wrong.live.episode_id
        await pilot.press("escape")
        await settle(pilot)
    from crmtui.store import open_store

    with open_store(db, create=False) as store:
        humans = [e for e in store.episodes(status="finished") if e.agent_kind == "human"]
        assert sorted(e.reward for e in humans) == [0.0, 1.0]
        labels = [(a.step_idx, a.category, a.verdict) for a in store.annotations(episode_id)]
        assert labels == [(None, "wrong_answer", None), (None, None, "fail")]

    assert main(["report", "--db", str(db), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    outcomes = {(o["group"], o["level"]): o["success"] for o in report["outcomes"]}
    human = next(v for (g, level), v in outcomes.items() if g == "human:ann" and level == "all")
    oracle = next(v for (g, level), v in outcomes.items() if g.startswith("oracle") and level == "all")
    assert (human["successes"], human["n"]) == (1, 2) and (oracle["successes"], oracle["n"]) == (2, 2)
    [judge] = [j for j in report["judges"] if j["n"]]
    assert judge["n"] == 2 and judge["accuracy"] == 1.0  # the sealed rewards agree with the person's verdicts

    assert main(["report", "--db", str(db)]) == 0
    tables = capsys.readouterr().out
    for title in ("Outcomes by skill", "pass^k", "Effort", "Gold validation", "Judges"):
        assert title in tables
    assert "human:ann" in tables

    html = tmp_path / "r.html"
    assert main(["report", "--db", str(db), "--format", "html", "-o", str(html)]) == 0
    if _chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): the HTML was written, not rendered")
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", html.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    for chart in ("chart-outcomes", "chart-pass-k", "chart-times"):
        assert re.search(rf'<svg[^>]*class="chart {chart}"', result.stdout), chart
    assert "human:ann" in result.stdout
