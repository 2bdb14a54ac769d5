"""Pilot tests of the Episode screen: human play scored and stored, step-through with approve/edit/reject,
take over and hand back, replay, fork, and leaving a live episode."""

from __future__ import annotations

import json

import pytest

from crmtui.app.screens.episode import EpisodeScreen
from crmtui.app.widgets.composer import Composer
from crmtui.app.widgets.conversation import Conversation
from crmtui.app.widgets.dialogs import AskText, ConfirmLeave, EditAction, PickEpisode
from crmtui.app.widgets.editor import SoqlEditor
from crmtui.app.widgets.trace import StepTrace
from crmtui.episode.live import EpisodeRequest, LiveEpisode
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.soql.engine import Engine

from .conftest import plain, settle

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def region(catalog):
    """An answerable b2b single-query task: the oracle is deterministic and answers in two steps."""
    return next(i for i in catalog if i.org == "b2b" and i.task == "best_region_identification" and i.answerable
                and len(i.solution.queries) == 1)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "episodes.db"


async def open_from_tasks(pilot, instance, key: str) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#filter").value = f"id={instance.id}"
    await pilot.pause()
    pilot.app.screen.query_one("#tasks-grid").focus()
    await pilot.press(key)
    await settle(pilot)


async def wait_ready(pilot) -> EpisodeScreen:
    screen = pilot.app.screen
    assert isinstance(screen, EpisodeScreen)
    for _ in range(50):
        await settle(pilot)
        if screen.live is not None and screen.busy is None:
            break
    assert screen.live is not None
    return screen


def trace_kinds(screen: EpisodeScreen) -> list[tuple[str, str, str]]:
    grid = screen.query_one(StepTrace)
    return [(str(r[1]), str(r[2]), str(r[3])) for r in grid.rows]


async def test_play_as_a_human_to_a_correct_answer(make_app, region, db):
    app = make_app(db_path=db, annotator="ann")
    async with app.run_test(size=(160, 48)) as pilot:
        await open_from_tasks(pilot, region, "p")
        screen = await wait_ready(pilot)
        composer = screen.query_one(Composer)
        assert composer.display and app.focused is composer.editor
        assert "your turn" in plain(screen.query_one("#ep-status"))
        composer.editor.load_text(region.solution.queries[0])
        await pilot.press("ctrl+r")
        screen = await wait_ready(pilot)
        assert trace_kinds(screen)[-1] == ("human", "query", "ok")
        assert screen.query_one("#ep-results").row_count == len(screen.live.steps[-1].observation)
        screen.query_one("#ep-respond").value = region.answer[0]
        await pilot.press("ctrl+s")
        await wait_ready(pilot)
        assert screen.live.done and screen.live.reward == 1.0
        assert "✓ correct" in plain(screen.query_one("#ep-status"))
        assert not composer.display
        ep = app.store.get_episode(screen.live.episode_id)
        assert (ep.status, ep.reward, ep.agent_kind, ep.player, ep.final_answer) == \
            ("finished", 1.0, "human", "ann", region.answer[0])
        assert [s.kind for s in ep.steps] == ["message", "message", "query", "respond"]
        assert ep.extra["timer"]["mode"] == "human"
        done: list = []
        screen.request.on_done = done.append
        await pilot.press("escape")  # finished: leaves without asking, with the episode id
        await settle(pilot)
        assert app.screen.id == "tasks" and done == [ep.id]


async def test_step_through_the_oracle_edit_take_over_and_hand_back(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_from_tasks(pilot, region, "t")
        assert isinstance(app.screen, AskText)
        await pilot.press("enter")  # the oracle, the default
        screen = await wait_ready(pilot)
        assert screen.live.mode == "step" and screen.live.agent_name == "oracle"
        await pilot.press("n")
        screen = await wait_ready(pilot)
        assert screen.live.pending is not None
        assert "oracle proposes" in plain(screen.query_one(Conversation))
        assert trace_kinds(screen)[-1] == ("agent", "query", "pending")
        # edit the proposal as JSON
        await pilot.press("e")
        assert isinstance(app.screen, EditAction)
        edit = app.screen.query_one("#edit-json")
        edit.load_text('{"kind": "query", "query": "SELECT Id FROM Account LIMIT 3"}')
        await pilot.press("ctrl+s")
        screen = await wait_ready(pilot)
        assert trace_kinds(screen)[-1] == ("agent", "query", "edited")
        assert screen.live.steps[-1].arguments == {"query": "SELECT Id FROM Account LIMIT 3"}
        # the oracle proposes its own query again; take over instead
        await pilot.press("n")
        await wait_ready(pilot)
        await pilot.press("t")
        await wait_ready(pilot)
        assert screen.live.pending is None and screen.live.taken_over
        assert screen.query_one(Composer).display and app.focused is screen.query_one(SoqlEditor)
        screen.query_one(SoqlEditor).load_text("SELECT Id FROM Case LIMIT 2")
        await pilot.press("ctrl+r")
        await wait_ready(pilot)
        screen.query_one(StepTrace).focus()
        await pilot.press("h")
        await wait_ready(pilot)
        assert not screen.live.taken_over
        await pilot.press("g")  # run to the end
        await wait_ready(pilot)
        assert screen.live.done and screen.live.reward == 1.0
        actors = [(s.actor, s.kind) for s in app.store.get_episode(screen.live.episode_id).steps]
        assert actors == [("system", "message"), ("user", "message"), ("agent", "query"), ("human", "takeover"),
                          ("human", "query"), ("human", "handback"), ("agent", "query"), ("agent", "respond")]


async def test_reject_is_recorded_and_not_run(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        app.open_episode(EpisodeRequest("step", region))
        screen = await wait_ready(pilot)
        await pilot.press("n")
        await wait_ready(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, AskText)
        app.screen.query_one("#ask-input").value = "too broad"
        await pilot.press("enter")
        await settle(pilot)
        assert trace_kinds(screen)[-1] == ("system", "error", "rejected")
        step = app.store.get_episode(screen.live.episode_id).steps[-1]
        assert step.meta["reason"] == "too broad" and step.meta["rejected"]["kind"] == "query"
        assert "rejected your proposed action" in plain(screen.query_one(Conversation))


async def test_replay_and_fork_from_a_step(make_app, region, db, b2b_org):
    app = make_app(db_path=db)
    played = LiveEpisode.open(EpisodeRequest("step", region), store=app.store,
                              backend=EmbeddedBackend(Engine.open(b2b_org)))
    played.run_to_end()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_from_tasks(pilot, region, "r")
        assert isinstance(app.screen, PickEpisode)
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.live.mode == "replay" and screen.live.episode_id == played.episode_id
        assert "step 1 of 4" in plain(screen.query_one("#ep-status"))
        await pilot.press("full_stop", "full_stop", "full_stop")
        await pilot.pause(0.15)  # the conversation follows the cursor at most 10x a second
        assert "step 4 of 4" in plain(screen.query_one("#ep-status"))
        assert "TX" in plain(screen.query_one(Conversation))
        await pilot.press("comma")
        await pilot.pause(0.15)
        assert "step 3 of 4" in plain(screen.query_one("#ep-status")) and screen.live.cursor == 2
        assert "replies" not in plain(screen.query_one(Conversation))  # the reply comes later
        # the annotation panel is mounted: its keys label the selected step
        from crmtui.app.widgets.annotate import AnnotationPanel, LabelPicker

        assert screen.query_one(AnnotationPanel).step_idx == 2
        await pilot.press("l")
        assert isinstance(app.screen, LabelPicker)
        await pilot.press("escape")
        assert app.screen is screen
        # fork from step 2 (after the query): a person continues in the agent's seat
        await pilot.press("f")
        fork_screen = await wait_ready(pilot)
        assert fork_screen is not screen and fork_screen.live.mode == "human"
        assert len(fork_screen.live.steps) == 3
        fork_screen.query_one("#ep-respond").value = region.answer[0]
        await pilot.press("ctrl+s")
        await wait_ready(pilot)
        ep = app.store.get_episode(fork_screen.live.episode_id, steps=False)
        assert (ep.parent_episode_id, ep.parent_step, ep.reward) == (played.episode_id, 2, 1.0)


async def test_leaving_a_live_episode_asks_before_abandoning(make_app, region, db):
    app = make_app(db_path=db)
    done: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_episode(EpisodeRequest("human", region, on_done=done.append))
        screen = await wait_ready(pilot)
        await pilot.press("escape")  # from the composer to the trace
        assert isinstance(app.screen, EpisodeScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("escape")  # stay
        assert app.screen is screen and not screen.live.done
        await pilot.press("escape")
        await pilot.press("a")  # abandon
        await settle(pilot)
        assert app.screen.id == "tasks"
        ep = app.store.get_episode(screen.live.episode_id, steps=False)
        assert (ep.status, ep.end_reason) == ("abandoned", "Abandoned")
        assert done == [None]  # not finished: no episode to build on (a gold review needs a finished one)


async def test_narrow_layout_switches_panes(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_episode(EpisodeRequest("step", region))
        screen = await wait_ready(pilot)
        assert screen.query_one("#ep-left").display and not screen.query_one("#ep-right").display
        await pilot.press("2")
        assert screen.query_one("#ep-trace").display and not screen.query_one("#ep-left").display
        assert app.focused is screen.query_one(StepTrace)
        await pilot.press("3")
        assert screen.query_one("#ep-inspector").display and not screen.query_one("#ep-trace").display
        await pilot.press("1")
        assert screen.query_one("#ep-left").display


async def test_edit_dialog_reports_invalid_json(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_episode(EpisodeRequest("step", region))
        await wait_ready(pilot)
        await pilot.press("n")
        await wait_ready(pilot)
        await pilot.press("e")
        dialog = app.screen
        dialog.query_one("#edit-json").load_text(json.dumps({"kind": "query"}))
        await pilot.press("ctrl+s")
        assert app.screen is dialog
        assert "needs 'query'" in plain(dialog.query_one("#dialog-error"))


async def test_play_the_user_against_the_oracle(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_tasks(pilot, region, "u")
        assert isinstance(app.screen, AskText)
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.live.whose_turn == "user" and app.focused is screen.query_one("#ep-respond")
        assert "you are:" in plain(screen.query_one("#ep-card"))
        for line in region.reveal:
            screen.query_one("#ep-respond").value = line
            await pilot.press("enter")
            await wait_ready(pilot)
        assert screen.live.steps[-1].answer == region.answer[0]  # the oracle played its turns by itself
        screen.query_one("#ep-respond").value = "###STOP###"
        await pilot.press("enter")
        await wait_ready(pilot)
        assert screen.live.done and screen.live.reward == 1.0
        ep = app.store.get_episode(screen.live.episode_id, steps=False)
        assert (ep.user_kind, ep.agent_kind, ep.reward) == ("human", "oracle", 1.0)


async def test_function_form_arguments():
    from crmtui.app.widgets.composer import FormError, tool_arguments

    spec = {"parameters": {"properties": {"start_date": {"type": "string"}, "agent_ids": {"type": "array"},
                                          "n_cases": {"type": "integer"}},
                           "required": ["start_date"]}}
    assert tool_arguments(spec, {"start_date": "2024-01-01", "agent_ids": '["005A"]', "n_cases": "3"}) == \
        {"start_date": "2024-01-01", "agent_ids": ["005A"], "n_cases": 3}
    assert tool_arguments(spec, {"start_date": "x", "agent_ids": "005A"}) == {"start_date": "x", "agent_ids": ["005A"]}
    with pytest.raises(FormError, match="start_date is required"):
        tool_arguments(spec, {})
    with pytest.raises(FormError, match="n_cases must be JSON"):
        tool_arguments(spec, {"start_date": "x", "n_cases": "three"})


async def test_function_tool_form_runs_a_tool_call(make_app, region, db):
    from textual.widgets import Input, Select

    app = make_app(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_tasks(pilot, region, "F")  # play with the function tools
        screen = await wait_ready(pilot)
        assert screen.live.engine.toolset.name == "functions"
        screen.query_one("#fn-tool", Select).value = "get_period"
        await settle(pilot)
        inputs = {i.name: i for i in screen.query(".fn-arg").results(Input)}
        assert set(inputs) == {"period_name", "year"}
        inputs["period_name"].value = "Q3"
        inputs["year"].value = "2023"
        inputs["year"].focus()
        await pilot.press("ctrl+r")
        await wait_ready(pilot)
        step = screen.live.steps[-1]
        assert (step.actor, step.kind, step.tool, step.arguments) == \
            ("human", "tool_call", "get_period", {"period_name": "Q3", "year": 2023})
        assert step.observation == {"start_date": "2023-07-01T00:00:00Z", "end_date": "2023-10-01T00:00:00Z"}


async def test_replay_an_imported_crmarena_result(make_app, db):
    """A CRMArena run_tasks.py result file, imported, opens from the Review queue in the Episode screen's replay,
    stepped by keyboard."""
    from crmtui.store import open_store
    from crmtui.store.importer import import_file
    from tests.store.conftest import REACT_FILE

    with open_store(db) as store:
        import_file(store, REACT_FILE)
        imported = {e.id: e for e in store.episodes(steps=True)}
    app = make_app(db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f2")  # the Review queues: an imported failure is waiting for a label
        await settle(pilot)
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.live.mode == "replay"
        ep = imported[screen.live.episode_id]
        assert ep.source == "imported" and ep.reward is not None and ep.reward < 1
        steps = ep.steps
        assert len(trace_kinds(screen)) == len(steps)
        assert screen.live.cursor == 0
        await pilot.press("full_stop", "full_stop")
        await settle(pilot)
        assert screen.live.cursor == 2
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert screen.live.cursor == len(steps) - 1
        assert (ep.final_answer or "")[:20] in plain(screen.query_one(Conversation))
        await pilot.press("comma")
        await settle(pilot)
        assert screen.live.cursor == len(steps) - 2


async def test_keeping_an_episode_running_saves_its_active_time(make_app, region, db):
    app = make_app(db_path=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_episode(EpisodeRequest("human", region))
        screen = await wait_ready(pilot)
        screen.live.timer.carry(7000.0, None)  # as if seven seconds had been played so far
        await pilot.press("escape", "escape", "k")  # composer -> trace -> leave? keep it running
        await settle(pilot)
        assert app.screen.id == "tasks"
        ep = app.store.get_episode(screen.live.episode_id, steps=False)
        assert ep.status == "running" and ep.active_ms >= 7000.0
        assert ep.extra["timer"]["pauses"][-1]["to"] is None  # left paused: resuming ends the pause
