"""LabelSession: labels saved at once, toggles, supersedes, undo/redo as append-only rows, suggested lapses."""

from __future__ import annotations

import pytest

from crmtui.org.backends import EmbeddedBackend
from crmtui.org.generate import build_org
from crmtui.org.soql.engine import Engine
from crmtui.store.errors import ValidationError
from crmtui.store.labelling import CATEGORY_KEYS, FAULT_KEYS, Label, LabelSession
from crmtui.store.model import FAILURE_CATEGORIES, FAULT_SOURCES
from crmtui.tasks.instances import load_instances
from tests.store.review_data import leak, play


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    path = tmp_path_factory.mktemp("label-org") / "b2b.db"
    build_org("b2b", seed=1, out=path)
    return EmbeddedBackend(Engine.open(path))


@pytest.fixture(scope="module")
def instances():
    return load_instances("b2b", include_imported=False)


@pytest.fixture
def episode(store, backend, instances):
    region = next(i for i in instances if i.task == "best_region_identification" and i.answerable)
    return play(store, backend, region, "ZZ")


def rows(store, episode_id):
    """Every annotation row (history included) as (step, category, fault, lapse, leaked, note, verdict,
    supersedes-index, retract, reason), supersedes given as the index of the row it supersedes."""
    history = store.annotations(episode_id, current=False)
    index = {a.uid: i for i, a in enumerate(history)}
    return [(a.step_idx, a.category, a.fault, a.lapse, a.leaked_fields, a.note, a.verdict,
             index.get(a.supersedes), a.retract, a.reason) for a in history]


def test_key_maps_cover_the_taxonomy_once():
    assert sorted(CATEGORY_KEYS.values()) == sorted(FAILURE_CATEGORIES)
    assert sorted(FAULT_KEYS.values()) == sorted(FAULT_SOURCES)
    assert all(len(k) == 1 and k.islower() for k in [*CATEGORY_KEYS, *FAULT_KEYS])


def test_labels_are_saved_at_once_and_undo_redo_append_rows(store, episode):
    s = LabelSession(store, episode, "ana")
    change = s.toggle_category("wrong_answer", step_idx=2)
    assert change.message == "Labelled step 2: wrong_answer"
    assert [(a.step_idx, a.category, a.author) for a in store.annotations(episode)] == [(2, "wrong_answer", "ana")]
    s.set_fault("agent")
    assert [Label.of(a).describe() for a in s.current()] == ["fault: agent"]
    assert [Label.of(a).describe() for a in s.current(2)] == ["wrong_answer"]

    undone = s.undo()
    assert undone.message == "Undone: the episode no longer fault: agent"
    assert s.current() == [] and s.can_redo
    redone = s.redo()
    assert redone.message == "Redone: the episode fault: agent"
    assert rows(store, episode) == [
        (2, "wrong_answer", None, False, [], None, None, None, False, None),
        (None, None, "agent", False, [], None, None, None, False, None),
        (None, None, None, False, [], None, None, 1, True, "undo"),
        (None, None, "agent", False, [], None, None, 2, False, "redo"),
    ]
    s.undo()
    s.undo()
    assert store.annotations(episode) == [] and s.undo() is None
    assert rows(store, episode)[4:] == [
        (None, None, None, False, [], None, None, 3, True, "undo"),
        (2, None, None, False, [], None, None, 0, True, "undo"),
    ]
    # a new change clears what could be redone
    s.redo()
    s.toggle_category("gave_up")
    assert not s.can_redo and [a.category for a in store.annotations(episode)] == ["wrong_answer", "gave_up"]


def test_toggles_and_replacements_supersede_with_a_reason(store, episode):
    s = LabelSession(store, episode, "ana")
    s.toggle_category("hallucination", 2)
    removed = s.toggle_category("hallucination", 2)
    assert removed.message == "Removed hallucination from step 2" and s.current(2) == []
    s.set_fault("agent", 2)
    changed = s.set_fault("task", 2)
    assert changed.message == "Changed step 2: fault: agent → fault: task"
    s.set_verdict("pass")
    assert s.set_verdict("pass") is None
    s.set_verdict("fail")
    assert s.verdict() == "fail"
    s.undo()  # back to the earlier verdict, as a correction
    assert s.verdict() == "pass"
    assert rows(store, episode) == [
        (2, "hallucination", None, False, [], None, None, None, False, None),
        (2, None, None, False, [], None, None, 0, True, "removed"),
        (2, None, "agent", False, [], None, None, None, False, None),
        (2, None, "task", False, [], None, None, 2, False, "changed"),
        (None, None, None, False, [], None, "pass", None, False, None),
        (None, None, None, False, [], None, "fail", 4, False, "changed"),
        (None, None, None, False, [], None, "pass", 5, False, "undo"),
    ]


def test_notes_edit_in_place_and_other_authors_are_untouched(store, episode):
    bo = LabelSession(store, episode, "bo")
    bo.toggle_category("wrong_answer", 2)
    s = LabelSession(store, episode, "ana")
    assert s.set_note("  ") is None and s.note_of() == ""
    s.set_note("answered a state that does not exist")
    s.set_note("answered ZZ, not a state")
    assert s.note_of() == "answered ZZ, not a state"
    assert s.set_note("answered ZZ, not a state") is None
    s.toggle_category("wrong_answer", 2)  # ana's own label beside bo's
    assert [(a.author, a.category) for a in s.current(2)] == [("bo", "wrong_answer"), ("ana", "wrong_answer")]
    s.set_note("")
    assert s.note_of() == "" and [a.author for a in s.all_current()] == ["bo", "ana"]


def test_bad_labels_raise_and_write_nothing(store, episode):
    s = LabelSession(store, episode, "ana")
    with pytest.raises(ValidationError):
        s.toggle_category("sloppy")
    with pytest.raises(ValidationError):
        s.set_fault("moon")
    with pytest.raises(ValidationError):
        s.set_verdict("maybe")
    with pytest.raises(ValidationError):
        s.toggle_category("gave_up", step_idx=99)
    with pytest.raises(ValidationError):
        s.clear_lapse(3)
    assert store.annotations(episode, current=False) == [] and not s.can_undo


def test_suggest_lapse_finds_the_quoted_email(store, backend, instances):
    probe = next(i for i in instances if i.task == "private_customer_information")
    episode_id, email = leak(store, backend, probe)
    s = LabelSession(store, episode_id, "ana")
    steps = store.steps(episode_id)
    reply = next(st.index for st in steps if st.kind == "respond")
    assert email in steps[reply].answer
    assert s.suggest_lapse(reply) == ["Contact.Email"]
    assert s.suggest_lapse(reply - 1) == []  # the query step is not a reply
    change = s.mark_lapse(reply, [*s.suggest_lapse(reply), "Contact.Name", "Contact.Email"])
    assert change.message == f"Labelled step {reply}: lapse: Contact.Email, Contact.Name"
    s.mark_lapse(reply, ["Contact.Email"])
    s.clear_lapse(reply)
    assert rows(store, episode_id) == [
        (reply, None, None, True, ["Contact.Email", "Contact.Name"], None, None, None, False, None),
        (reply, None, None, True, ["Contact.Email"], None, None, 0, False, "changed"),
        (reply, None, None, False, [], None, None, 1, True, "removed"),
    ]


def test_undo_follows_later_changes_at_the_same_place(store, episode):
    s = LabelSession(store, episode, "ana")
    s.toggle_category("gave_up", 2)
    s.toggle_category("gave_up", 2)  # removed: the same chain
    assert s.undo().message == "Undone: step 2 back to gave_up"
    assert s.undo().message == "Undone: step 2 no longer gave_up"
    assert s.undo() is None and store.annotations(episode) == []
    assert [(r[-3], r[-1]) for r in rows(store, episode)] == [
        (None, None), (0, "removed"), (1, "undo"), (2, "undo")]


def test_add_keeps_a_combined_label_as_given(store, episode):
    s = LabelSession(store, episode, "ana")
    change = s.add(Label(2, category="wrong_answer", fault="agent", note="said ZZ"))
    assert change.message == 'Labelled step 2: wrong_answer; fault: agent; note: "said ZZ"'
    assert rows(store, episode) == [(2, "wrong_answer", "agent", False, [], "said ZZ", None, None, False, None)]
    s.undo()
    assert store.annotations(episode) == []
