"""Annotation on any episode (live or replayed): the labels panel, one-key pickers, the lapse and note dialogs.

A host screen (Episode, Review) does three things:

    class EpisodeScreen(AnnotationHost, Screen):
        BINDINGS = [*bindings("episode"), *bindings("annotate")]
        def compose(self): ... yield AnnotationPanel(store, episode_id, author) ...
        # when the selected step changes:   self.query_one(AnnotationPanel).set_step(index)

The "annotate" bindings (l, L, S, !, N, +, -, u / ctrl+z, U / ctrl+y) then work wherever focus is on the screen.
Every label is saved the moment it is chosen (crmtui.store.labelling.LabelSession) and confirmed by a short
notification; errors become notifications too.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from crmtui.app.keys import bindings, display_keys, spec
from crmtui.errors import CrmtuiError
from crmtui.store.labelling import CATEGORY_KEYS, FAULT_KEYS, Change, Label, LabelSession

ACTIONS = ("label", "label-episode", "fault", "lapse", "note", "pass", "fail", "undo", "redo")

PICKER_CSS = """
LabelPicker, LapseDialog, NoteDialog { align: center middle; background: $background 60%; }
.picker { width: 64; max-width: 96%; height: auto; max-height: 90%; border: round $accent; background: $surface;
          padding: 0 1; }
.picker-title { height: auto; text-style: bold; }
.picker-body { height: auto; }
.picker-hint { height: auto; color: $text-muted; }
.picker Input { margin: 1 0 0 0; }
"""


def _where(step_idx: int | None) -> str:
    return "the episode" if step_idx is None else f"step {step_idx}"


class LabelPicker(ModalScreen[tuple[str, int | None] | None]):
    """A one-key menu: pressing a listed key picks its value at once (dismissed with (value, step_idx)).
    tab switches between the selected step and the whole episode; esc cancels. Values already given at the
    current place are ticked (picking one again removes it)."""

    HELP_SCOPES: ClassVar = ("labels", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("labels")
    DEFAULT_CSS = PICKER_CSS

    def __init__(self, title: str, choices: dict[str, str], step_idx: int | None,
                 applied: Any = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.step = step_idx
        self.step_idx = step_idx
        self.applied = applied  # step_idx -> set of values already given there (by this person)

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Static(id="picker-title", classes="picker-title")
            yield Static(id="picker-body", classes="picker-body")
            yield Static(Text("a key saves · tab: step / episode · esc: cancel"), classes="picker-hint")

    def on_mount(self) -> None:
        self._render_choices()

    def _render_choices(self) -> None:
        given = self.applied(self.step_idx) if self.applied else set()
        self.query_one("#picker-title", Static).update(f"{self.title_text} — {_where(self.step_idx)}")
        table = Table.grid(padding=(0, 2), expand=True)
        items = list(self.choices.items())
        half = (len(items) + 1) // 2
        table.add_column()
        table.add_column()
        cells = [Text.assemble((f" {k} ", "bold reverse"), " ", (v, "bold" if v in given else ""),
                               (" ✓" if v in given else "", "green")) for k, v in items]
        for left, right in zip(cells[:half], [*cells[half:], Text("")], strict=False):
            table.add_row(left, right)
        self.query_one("#picker-body", Static).update(table)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in self.choices:
            event.stop()
            event.prevent_default()
            self.dismiss((self.choices[event.character], self.step_idx))

    def action_scope(self) -> None:
        if self.step is None:
            self.notify("No step is selected: labels go to the whole episode", severity="warning", timeout=3)
            return
        self.step_idx = None if self.step_idx is not None else self.step
        self._render_choices()

    def action_cancel(self) -> None:
        self.dismiss(None)


class LapseDialog(ModalScreen[list[str] | None]):
    """The leaked fields of a confidentiality lapse (`Object.Field`, comma-separated), pre-filled."""

    BINDINGS: ClassVar = bindings("labels")
    DEFAULT_CSS = PICKER_CSS

    def __init__(self, step_idx: int, fields: list[str], found: list[Any], existing: bool) -> None:
        super().__init__()
        self.step_idx = step_idx
        self.fields = fields
        self.found = found
        self.existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Static(f"Confidentiality lapse — step {self.step_idx}", classes="picker-title")
            if self.found:
                lines = Text("The disclosure check found:", style="dim")
                for d in self.found:
                    lines.append(f"\n  {d.object}.{d.field}", style="bold")
                    lines.append(f" ({d.sensitivity}) {d.value[:40]}")
            else:
                lines = Text("The disclosure check found no sensitive value in this reply.", style="dim")
            yield Static(lines, classes="picker-body")
            yield Input(", ".join(self.fields), placeholder="Contact.Email, Account.AnnualRevenue", id="lapse-fields")
            hint = "enter saves · esc cancels" + (" · empty removes the mark" if self.existing else "")
            yield Static(hint, classes="picker-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss([f.strip() for f in event.value.split(",") if f.strip()])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_scope(self) -> None:
        """A lapse is on a reply step only."""


class NoteDialog(ModalScreen[str | None]):
    """A free-text note at one place (pre-filled with this person's note there; empty removes it)."""

    BINDINGS: ClassVar = bindings("labels")
    DEFAULT_CSS = PICKER_CSS

    def __init__(self, step_idx: int | None, text: str) -> None:
        super().__init__()
        self.step_idx = step_idx
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Static(f"Note — {_where(self.step_idx)}", classes="picker-title")
            yield Input(self.text, placeholder="what went wrong, and why", id="note-text")
            yield Static("enter saves · empty removes the note · esc cancels", classes="picker-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_scope(self) -> None:
        """A note stays where it was opened."""


class LapseSuggested(Message):
    def __init__(self, step_idx: int, found: list[Any]) -> None:
        super().__init__()
        self.step_idx = step_idx
        self.found = found


class LapseFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


def _describe(ann: Any) -> str:
    """A label for the panel; the automatic judge's re-score notes read as their reward."""
    if ann.note and ann.note.startswith('{"rescore"'):
        try:
            return f"re-score {json.loads(ann.note)['rescore'].get('reward')}"
        except (ValueError, KeyError, AttributeError):
            return "re-score"
    return Label.of(ann).describe()


class AnnotationPanel(Static):
    """The labels of the selected step and of the episode, and the label actions (`act(name)`)."""

    DEFAULT_CSS = """
    AnnotationPanel { height: auto; max-height: 12; padding: 0 1; border-top: hkey $panel; }
    """

    class Changed(Message):
        """A label was saved (hosts may refresh what depends on labels)."""

        def __init__(self, change: Change) -> None:
            super().__init__()
            self.change = change

    def __init__(self, store: Any, episode_id: str, author: str, *, step_idx: int | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.session = LabelSession(store, episode_id, author)
        self.step_idx = step_idx

    @property
    def episode_id(self) -> str:
        return self.session.episode_id

    def on_mount(self) -> None:
        self.refresh_labels()

    def set_step(self, step_idx: int | None) -> None:
        """The step the labels apply to (None: the episode)."""
        if step_idx != self.step_idx:
            self.step_idx = step_idx
            self.refresh_labels()

    def set_episode(self, episode_id: str) -> None:
        """Label another episode (a fork, the next one in a queue); the undo history starts afresh."""
        self.session = LabelSession(self.session.store, episode_id, self.session.author)
        self.step_idx = None
        self.refresh_labels()

    # -- display
    def refresh_labels(self) -> None:
        try:
            labels = self.session.all_current()
        except CrmtuiError as exc:
            self.update(Text(f"Labels unavailable: {exc}", style="red"))
            return
        self.update(self.render_labels(labels))

    def render_labels(self, labels: list[Any]) -> Text:
        me = self.session.author
        out = Text()
        out.append("Labels", style="bold")
        out.append(f"  as {me}", style="dim")
        verdicts = [a for a in labels if a.verdict]
        if verdicts:
            out.append("  ·  verdict ")
            for i, a in enumerate(verdicts):
                out.append(", " if i else "")
                out.append(a.verdict, style="bold green" if a.verdict == "pass" else "bold red")
                if a.author != me:
                    out.append(f" ({a.author})", style="dim")
        places = [self.step_idx, None] if self.step_idx is not None else [None]
        for place in places:
            here = [a for a in labels if a.step_idx == place and not a.verdict]
            out.append(f"\n{'step ' + str(place) if place is not None else 'episode':>8}  ", style="bold")
            if not here:
                out.append("—", style="dim")
            for i, a in enumerate(here):
                out.append(" · " if i else "")
                out.append(_describe(a), style="bold magenta" if a.lapse else "")
                if a.author != me:
                    out.append(f" ({a.author})", style="dim")
        others = sorted({a.step_idx for a in labels if a.step_idx is not None and a.step_idx != self.step_idx})
        if others:
            out.append("\n  others  ", style="bold")
            out.append(", ".join(f"step {i}" for i in others), style="dim")
        keys = " · ".join(f"{self._key(k)} {w}" for k, w in (("label", "label"), ("fault", "source"),
                                                             ("lapse", "lapse"), ("note", "note"), ("pass", "pass"),
                                                             ("fail", "fail"), ("undo", "undo")))
        out.append(f"\n{keys}", style="dim")
        return out

    def _key(self, action: str) -> str:
        """The key of an annotate binding as the footer shows it (remapped keys included)."""
        binding_id = f"annotate.{action}"
        keymap = getattr(self.app, "keymap_overrides", None) or {}
        if binding_id not in keymap and spec(binding_id).key_display:
            return spec(binding_id).key_display or ""
        return display_keys(binding_id, keymap)

    # -- actions
    def act(self, what: str) -> None:
        """Run one label action by name (see `ACTIONS`): what the "annotate" bindings call."""
        if what not in ACTIONS:
            raise ValueError(f"unknown label action {what!r}")
        getattr(self, "_" + what.replace("-", "_"))()

    def _mine(self, kind: str) -> Any:
        def given(step_idx: int | None) -> set[str]:
            return {getattr(a, kind) for a in self.session.current(step_idx)
                    if a.author == self.session.author and getattr(a, kind)}

        return given

    def _label(self, *, episode: bool = False) -> None:
        step = None if episode else self.step_idx
        self.app.push_screen(LabelPicker("Failure category", CATEGORY_KEYS, step, self._mine("category")),
                             lambda picked: self._save(lambda: picked and self.session.toggle_category(*picked)))

    def _label_episode(self) -> None:
        self._label(episode=True)

    def _fault(self) -> None:
        self.app.push_screen(LabelPicker("Fault source", FAULT_KEYS, self.step_idx, self._mine("fault")),
                             lambda picked: self._save(lambda: picked and self.session.set_fault(*picked)))

    def _note(self) -> None:
        step = self.step_idx
        self.app.push_screen(NoteDialog(step, self.session.note_of(step)),
                             lambda text: self._save(lambda: text is not None and self.session.set_note(text, step)))

    def _pass(self) -> None:
        self._verdict("pass")

    def _fail(self) -> None:
        self._verdict("fail")

    def _verdict(self, verdict: str) -> None:
        if not self._save(lambda: self.session.set_verdict(verdict)) and self.session.verdict() == verdict:
            self.app.notify(f"The verdict is already {verdict}", timeout=2)

    def _undo(self) -> None:
        if not self.session.can_undo:
            self.app.notify("Nothing to undo in this session", severity="warning", timeout=2)
            return
        self._save(self.session.undo)

    def _redo(self) -> None:
        if not self.session.can_redo:
            self.app.notify("Nothing to redo", severity="warning", timeout=2)
            return
        self._save(self.session.redo)

    def _lapse(self) -> None:
        if self.step_idx is None:
            self.app.notify("Select the reply step that disclosed something first", severity="warning", timeout=3)
            return
        self._suggest(self.step_idx)

    @work(thread=True, exclusive=True, group="lapse-suggest", exit_on_error=False)
    def _suggest(self, step_idx: int) -> None:
        from crmtui.store.labelling import disclosures

        try:
            found = disclosures(self.session.store, self.session.episode_id, step_idx)
        except CrmtuiError as exc:
            self.post_message(LapseFailed(str(exc)))
            return
        self.post_message(LapseSuggested(step_idx, found))

    def on_lapse_suggested(self, message: LapseSuggested) -> None:
        step = message.step_idx
        fields = sorted({f"{d.object}.{d.field}" for d in message.found})
        mine = [a for a in self.session.current(step) if a.author == self.session.author and a.lapse]
        if mine:  # editing an earlier mark: start from what it says, plus anything new the check found
            fields = list(dict.fromkeys([*mine[-1].leaked_fields, *fields]))
        self.app.push_screen(LapseDialog(step, fields, message.found, bool(mine)),
                             lambda chosen: self._save_lapse(step, chosen, bool(mine)))

    def on_lapse_failed(self, message: LapseFailed) -> None:
        self.app.notify(message.error, title="Disclosure check", severity="error")

    def _save_lapse(self, step_idx: int, chosen: list[str] | None, existing: bool) -> None:
        if chosen is None:
            return
        if not chosen and existing:
            self._save(lambda: self.session.clear_lapse(step_idx))
        else:
            self._save(lambda: self.session.mark_lapse(step_idx, chosen))

    def _save(self, do: Any) -> Change | None:
        """Run one save; notify what happened (or the error); refresh the panel."""
        try:
            change = do()
        except CrmtuiError as exc:
            self.app.notify(str(exc), title="Label not saved", severity="error", timeout=6)
            return None
        if isinstance(change, Change):
            self.app.notify(change.message, title="Saved", timeout=2)
            self.refresh_labels()
            self.post_message(self.Changed(change))
            return change
        return None


class AnnotationHost:
    """Mixin for a screen that mounts an AnnotationPanel: the "annotate" bindings' action, forwarded to it."""

    def action_annotate(self, what: str) -> None:
        panels = self.query(AnnotationPanel)  # type: ignore[attr-defined]
        if not panels:
            self.notify("Open an episode to label it", severity="warning", timeout=3)  # type: ignore[attr-defined]
            return
        panels.first().act(what)
