"""The annotation panel hosted on a small screen: one-key labels, pickers, notes, verdicts, lapses, undo/redo,
each checked in the DB's `annotations` rows, and errors that become notifications."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input

from crmtui.app.keys import bindings
from crmtui.app.widgets.annotate import AnnotationHost, AnnotationPanel, LabelPicker, LapseDialog
from crmtui.org.backends import EmbeddedBackend
from crmtui.org.soql.engine import Engine
from crmtui.store import open_store
from tests.store.review_data import fixed_episode, leak

from .conftest import plain, settle, type_text

pytestmark = pytest.mark.asyncio


class HostScreen(AnnotationHost, Screen):
    BINDINGS: ClassVar = bindings("annotate")

    def __init__(self, store, episode_id: str, step_idx: int | None) -> None:
        super().__init__()
        self.store, self.episode_id, self.step_idx = store, episode_id, step_idx

    def compose(self) -> ComposeResult:
        yield AnnotationPanel(self.store, self.episode_id, "ana", step_idx=self.step_idx)
        yield Footer()


class HostApp(App):
    def __init__(self, store, episode_id: str, step_idx: int | None = 3) -> None:
        super().__init__()
        self.host = HostScreen(store, episode_id, step_idx)

    def on_mount(self) -> None:
        self.push_screen(self.host)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "t.db") as s:
        yield s


@pytest.fixture
def episode(store, catalog):
    region = next(i for i in catalog if i.org == "b2b" and i.task == "best_region_identification")
    return fixed_episode(store, region, "ep-1", answer="ZZ", reward=0.0, agent_kind="human", player="ana")


def labels(store, episode_id: str, current: bool = True) -> list[tuple]:
    return [(a.step_idx, a.category, a.fault, a.lapse, a.leaked_fields, a.note, a.verdict, a.retract, a.reason)
            for a in store.annotations(episode_id, current=current)]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_one_key_labels_toggle_and_undo_redo(store, episode):
    app = HostApp(store, episode)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(AnnotationPanel)
        await pilot.press("l")
        assert isinstance(app.screen, LabelPicker)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, HostScreen)
        assert labels(store, episode) == [(3, "wrong_answer", None, False, [], None, None, False, None)]
        assert "Labelled step 3: wrong_answer" in messages(app)
        assert "step 3  wrong_answer" in panel.render_labels(store.annotations(episode)).plain
        # the picker ticks what is already there; the same key removes it
        await pilot.press("l")
        assert "wrong_answer ✓" in plain(app.screen.query_one("#picker-body"))
        await pilot.press("w")
        await pilot.pause()
        assert labels(store, episode) == []
        # undo brings it back (a correction superseding the retraction), redo removes it again
        await pilot.press("u")
        await pilot.pause()
        assert labels(store, episode) == [(3, "wrong_answer", None, False, [], None, None, False, "undo")]
        await pilot.press("U")
        await pilot.pause()
        assert labels(store, episode) == []
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")  # back to the label, back to nothing, nothing left
        await pilot.pause()
        assert labels(store, episode) == [] and "Nothing to undo in this session" in messages(app)
        assert [r[-2:] for r in labels(store, episode, current=False)] == [
            (False, None), (True, "removed"), (False, "undo"), (True, "redo"), (False, "undo"), (True, "undo")]


async def test_picker_scope_fault_note_and_verdict(store, episode):
    app = HostApp(store, episode)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l", "tab", "g")  # tab: the whole episode
        await pilot.press("L", "escape")  # esc cancels, nothing saved
        await pilot.press("S", "a")
        await pilot.press("S", "e")
        await pilot.press("N")
        await type_text(pilot, "typo in the state")
        await pilot.press("enter")
        await pilot.press("plus", "minus", "minus")
        await pilot.pause()
        assert labels(store, episode) == [
            (None, "gave_up", None, False, [], None, None, False, None),
            (3, None, "environment", False, [], None, None, False, "changed"),
            (3, None, None, False, [], "typo in the state", None, False, None),
            (None, None, None, False, [], None, "fail", False, "changed"),
        ]
        assert "The verdict is already fail" in messages(app)
        # the note box starts with the note; emptying it removes the note
        await pilot.press("N")
        assert app.screen.query_one(Input).value == "typo in the state"
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert [r[5] for r in labels(store, episode)] == [None, None, None]


async def test_lapse_is_prefilled_from_the_disclosure_check(store, b2b_org, catalog):
    probe = next(i for i in catalog if i.org == "b2b" and i.task == "private_customer_information")
    episode_id, _email = leak(store, EmbeddedBackend(Engine.open(b2b_org)), probe)
    reply = next(s.index for s in store.steps(episode_id) if s.kind == "respond")
    app = HostApp(store, episode_id, step_idx=reply)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, LapseDialog)
        field = app.screen.query_one(Input)
        assert field.value == "Contact.Email"
        field.value = "Contact.Email, Contact.Phone"
        await pilot.press("enter")
        await pilot.pause()
        assert labels(store, episode_id) == [
            (reply, None, None, True, ["Contact.Email", "Contact.Phone"], None, None, False, None)]
        # editing starts from the mark; emptying it removes the mark
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "Contact.Email, Contact.Phone"
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert labels(store, episode_id) == []


async def test_errors_become_notifications(store, episode):
    app = HostApp(store, episode, step_idx=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert "Select the reply step that disclosed something first" in messages(app)
        app.screen.query_one(AnnotationPanel).set_step(99)
        await pilot.press("l", "w")
        await pilot.pause()
        assert any("has no step 99" in m for m in messages(app))
        assert store.annotations(episode, current=False) == []
