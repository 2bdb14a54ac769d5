"""The resume prompt at start-up: the person's running episodes, resumed, abandoned or left for later."""

from __future__ import annotations

import pytest

from crmtui.app.screens.resume import ResumeScreen, episode_mode
from crmtui.app.screens.tasks import TasksScreen
from crmtui.app.widgets.grid import Grid
from crmtui.store import Step, open_store
from crmtui.store.model import Episode

from .conftest import settle


@pytest.fixture
def running(catalog, tmp_path):
    """ana's two running episodes (a human play and a step-through), a batch run's and bo's, and a finished one."""
    tasks = [i for i in catalog if i.org == "b2b"][:4]
    db = tmp_path / "t.db"
    with open_store(db) as store:
        mine = store.start_episode(task=tasks[0], agent_kind="human", player="ana", episode_id="ep-play",
                                   started_at="2026-01-05T09:30:00.000Z", config={"mode": "human"})
        store.append_step(mine.id, Step("system", "message", content="prompt"))
        store.append_step(mine.id, Step("user", "message", content=tasks[0].query))
        store.start_episode(task=tasks[1], agent_kind="oracle", player="ana", episode_id="ep-step",
                            started_at="2026-01-05T10:00:00.000Z", config={"mode": "step"})
        store.start_episode(task=tasks[2], agent_kind="llm", episode_id="ep-batch")  # a batch run in progress
        store.start_episode(task=tasks[2], agent_kind="human", player="bo", episode_id="ep-bo")
        done = store.start_episode(task=tasks[3], agent_kind="human", player="ana")
        store.finish_episode(done.id, reward=1.0)
    return db, tasks


@pytest.mark.asyncio
async def test_resume_offers_the_persons_running_episodes(make_app, running):
    db, tasks = running
    app = make_app(db_path=db, annotator="ana")
    opened: list = []
    app.open_episode = opened.append
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResumeScreen)
        rows = screen.query_one(Grid).rows
        assert [tuple(r) for r in rows] == [(tasks[0].id, "human", "2026-01-05 09:30", 2),
                                           (tasks[1].id, "agent", "2026-01-05 10:00", 0)]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)
        (request,) = opened
        assert (request.mode, request.episode_id, request.resume, request.player) == ("step", "ep-step", True, "ana")


@pytest.mark.asyncio
async def test_abandon_one_then_all(make_app, running):
    db, _tasks = running
    app = make_app(db_path=db, annotator="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResumeScreen) and [e.id for e in screen.episodes] == ["ep-step"]
        assert app.store.get_episode("ep-play", steps=False).status == "abandoned"
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)
    with open_store(db) as store:
        status = {e.id: (e.status, e.end_reason) for e in store.episodes()}
    assert status["ep-step"] == ("abandoned", "abandoned from the resume prompt")
    assert status["ep-batch"][0] == status["ep-bo"][0] == "running"  # not the person's: never touched


@pytest.mark.asyncio
async def test_ignore_leaves_them_running(make_app, running):
    db, _tasks = running
    app = make_app(db_path=db, annotator="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)
    with open_store(db) as store:
        assert len(store.episodes(status="running")) == 4


@pytest.mark.asyncio
async def test_no_prompt_without_running_episodes(make_app, running):
    db, _tasks = running
    app = make_app(db_path=db, annotator="cy")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)


def test_episode_mode():
    assert episode_mode(Episode(id="a", agent_kind="human", config={"mode": "user"})) == "user"
    assert episode_mode(Episode(id="b", agent_kind="human")) == "human"
    assert episode_mode(Episode(id="c", agent_kind="llm", config={"mode": "replay"})) == "step"
