"""Labelling one episode as one person: the model behind the app's annotation keys (no Textual here).

    session = LabelSession(store, episode_id, author="ana")
    session.toggle_category("wrong_answer", step_idx=4)   # saved at once (a row in `annotations`)
    session.set_fault("agent")                            # episode-level
    session.mark_lapse(6, session.suggest_lapse(6))       # leaked fields pre-filled by the disclosure check
    session.set_verdict("fail")
    session.undo(); session.redo()

Every call writes one append-only row the moment it is made. Each row carries one kind of label: a failure
category, a fault source, a confidentiality lapse (with the leaked fields as `Object.Field`), a note, or an
episode-level verdict (pass | fail). What a person can hold at one place (the episode, or one step):

- categories: any number; choosing a category already there removes it (a retraction, reason "removed");
- fault source, lapse, note: one each; a new one supersedes the old (reason "changed"); choosing the same fault
  again, or saving an empty note, removes it;
- verdict: one per episode, superseded the same way.

`undo()` reverts the latest change made in this session with a row that supersedes the one it wrote: a new label
is retracted (reason "undo"), a removed or replaced label comes back as a correction carrying its old content.
`redo()` applies the change again (reason "redo"). Labels by other people, or by this person in another
session, are never touched except through the same supersede chain.

One-key maps (stable; the app's label picker and the docs show them): `CATEGORY_KEYS` and `FAULT_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmtui.store.errors import ValidationError
from crmtui.store.model import FAILURE_CATEGORIES, FAULT_SOURCES, Annotation

#: key -> failure category (mnemonic; one key each, no two the same).
CATEGORY_KEYS: dict[str, str] = {
    "w": "wrong_answer",
    "q": "query_error",
    "f": "wrong_filter",
    "d": "date_reasoning",
    "p": "policy_misapplied",
    "t": "text_misread",
    "h": "hallucination",
    "e": "premature_answer",       # answered too Early
    "g": "gave_up",
    "v": "format_violation",
    "c": "missing_clarification",
    "l": "confidentiality_lapse",
    "r": "over_refusal",
    "b": "gold_wrong",             # Bad gold
    "a": "task_ambiguous",
    "o": "other",
}
#: key -> fault source.
FAULT_KEYS: dict[str, str] = {"a": "agent", "u": "user_simulator", "t": "task", "e": "environment"}
#: the verdicts a person gives an episode's outcome.
VERDICTS = ("pass", "fail")


@dataclass(frozen=True)
class Label:
    """The content of one label (no identity): what an annotation row says."""

    step_idx: int | None = None
    category: str | None = None
    fault: str | None = None
    lapse: bool = False
    leaked_fields: tuple[str, ...] = ()
    note: str | None = None
    verdict: str | None = None

    @classmethod
    def of(cls, ann: Annotation) -> Label:
        return cls(ann.step_idx, ann.category, ann.fault, ann.lapse, tuple(ann.leaked_fields), ann.note, ann.verdict)

    @property
    def kind(self) -> str:
        """category | fault | lapse | note | verdict (the first that applies, for rows written elsewhere)."""
        if self.verdict:
            return "verdict"
        if self.lapse:
            return "lapse"
        if self.category:
            return "category"
        if self.fault:
            return "fault"
        return "note"

    def describe(self) -> str:
        """A short text for people: `wrong_answer`, `fault: agent`, `lapse: Contact.Email`, `note: "..."`."""
        parts = []
        if self.verdict:
            parts.append(f"verdict: {self.verdict}")
        if self.lapse:
            parts.append("lapse" + (f": {', '.join(self.leaked_fields)}" if self.leaked_fields else ""))
        if self.category:
            parts.append(self.category)
        if self.fault:
            parts.append(f"fault: {self.fault}")
        if self.note:
            note = " ".join(self.note.split())
            parts.append(f'note: "{note[:60]}{"…" if len(note) > 60 else ""}"')
        return "; ".join(parts)

    @property
    def where(self) -> str:
        return "the episode" if self.step_idx is None else f"step {self.step_idx}"


@dataclass
class Change:
    """One change made in a session: the label before and after at one place, and the row that did it."""

    before: Label | None
    after: Label | None
    row: Annotation  # the row written (a label, a correction or a retraction)
    verb: str = ""  # added | removed | changed | undone | redone

    @property
    def message(self) -> str:
        """What happened, for a notification."""
        label = self.after or self.before
        where = label.where if label else "the episode"
        if self.verb == "undone":
            return f"Undone: {where} " + (f"back to {self.after.describe()}" if self.after
                                          else f"no longer {self.before.describe() if self.before else ''}")
        if self.verb == "redone":
            return f"Redone: {where} " + (self.after.describe() if self.after else "label removed")
        if self.after is None:
            return f"Removed {self.before.describe() if self.before else 'label'} from {where}"
        if self.before is None:
            return f"Labelled {where}: {self.after.describe()}"
        return f"Changed {where}: {self.before.describe()} → {self.after.describe()}"


@dataclass
class _Entry:
    """An undo stack entry: the change and the row now at the tip of its supersede chain."""

    before: Label | None
    after: Label | None
    tip: str


class LabelSession:
    """One person labelling one episode; every method saves at once and raises ValidationError on bad input."""

    def __init__(self, store: Any, episode_id: str, author: str) -> None:
        if not author:
            raise ValidationError("labels need an author")
        self.store = store
        self.episode_id = episode_id
        self.author = author
        self._done: list[_Entry] = []
        self._undone: list[_Entry] = []

    # -- reading

    def all_current(self) -> list[Annotation]:
        """Every current label of the episode (every author), in the order they were made."""
        return self.store.annotations(self.episode_id)

    def current(self, step_idx: int | None = None) -> list[Annotation]:
        """The current labels at one place: a step, or (None) the episode itself."""
        return [a for a in self.all_current() if a.step_idx == step_idx]

    def _mine(self, step_idx: int | None, kind: str) -> list[Annotation]:
        return [a for a in self.current(step_idx) if a.author == self.author and Label.of(a).kind == kind]

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    # -- writing

    def _write(self, tip: str | None, label: Label | None, reason: str | None, step_idx: int | None) -> Annotation:
        """One row: `label` superseding `tip` (or retracting it, at `step_idx`, when `label` is None)."""
        if label is None:
            if tip is None:
                raise ValidationError("nothing to remove")
            return self.store.annotate(self.episode_id, author=self.author, step_idx=step_idx, supersedes=tip,
                                       retract=True, reason=reason)
        return self.store.annotate(self.episode_id, author=self.author, step_idx=label.step_idx,
                                   category=label.category, fault=label.fault, lapse=label.lapse,
                                   leaked_fields=label.leaked_fields, note=label.note, supersedes=tip,
                                   reason=reason if tip is not None else None, verdict=label.verdict)

    def _change(self, old: Annotation | None, new: Label | None, verb: str) -> Change:
        before = Label.of(old) if old is not None else None
        reason = {"removed": "removed", "changed": "changed"}.get(verb)
        row = self._write(old.uid if old is not None else None, new, reason, old.step_idx if old else None)
        self._done.append(_Entry(before, new, row.uid))
        self._undone.clear()
        return Change(before, new, row, verb)

    def add(self, label: Label) -> Change:
        """Add a label as it is (no toggling, nothing superseded)."""
        return self._change(None, label, "added")

    def toggle_category(self, category: str, step_idx: int | None = None) -> Change:
        """Label a place with a failure category, or remove it if this person already gave it there."""
        if category not in FAILURE_CATEGORIES:
            raise ValidationError(f"unknown failure category {category!r}")
        same = [a for a in self._mine(step_idx, "category") if a.category == category]
        if same:
            return self._change(same[-1], None, "removed")
        return self._change(None, Label(step_idx, category=category), "added")

    def set_fault(self, fault: str, step_idx: int | None = None) -> Change:
        """Set the fault source of a place (the same one again removes it)."""
        if fault not in FAULT_SOURCES:
            raise ValidationError(f"fault source must be one of {', '.join(FAULT_SOURCES)} (got {fault!r})")
        mine = self._mine(step_idx, "fault")
        old = mine[-1] if mine else None
        if old is not None and old.fault == fault:
            return self._change(old, None, "removed")
        return self._change(old, Label(step_idx, fault=fault), "changed" if old else "added")

    def mark_lapse(self, step_idx: int | None, leaked_fields: list[str] | tuple[str, ...]) -> Change:
        """Mark a confidentiality lapse with the fields it disclosed (`Object.Field`), replacing an earlier mark."""
        fields = tuple(dict.fromkeys(f.strip() for f in leaked_fields if f and f.strip()))
        mine = self._mine(step_idx, "lapse")
        old = mine[-1] if mine else None
        return self._change(old, Label(step_idx, lapse=True, leaked_fields=fields), "changed" if old else "added")

    def clear_lapse(self, step_idx: int | None) -> Change:
        mine = self._mine(step_idx, "lapse")
        if not mine:
            raise ValidationError(f"no lapse of yours on {Label(step_idx).where}")
        return self._change(mine[-1], None, "removed")

    def note_of(self, step_idx: int | None = None) -> str:
        """This person's current note at a place ("" if none): what the note box starts with."""
        mine = self._mine(step_idx, "note")
        return mine[-1].note or "" if mine else ""

    def set_note(self, text: str, step_idx: int | None = None) -> Change | None:
        """Write (or replace) this person's note at a place; an empty text removes it; None if nothing changed."""
        text = text.strip()
        mine = self._mine(step_idx, "note")
        old = mine[-1] if mine else None
        if old is not None and (old.note or "") == text:
            return None
        if not text:
            return self._change(old, None, "removed") if old is not None else None
        return self._change(old, Label(step_idx, note=text), "changed" if old else "added")

    def verdict(self) -> str | None:
        """This person's current verdict on the episode."""
        mine = self._mine(None, "verdict")
        return mine[-1].verdict if mine else None

    def set_verdict(self, verdict: str) -> Change | None:
        """Judge the episode's outcome pass or fail (replacing an earlier verdict); None if it is already that."""
        if verdict not in VERDICTS:
            raise ValidationError(f"verdict must be pass or fail (got {verdict!r})")
        mine = self._mine(None, "verdict")
        old = mine[-1] if mine else None
        if old is not None and old.verdict == verdict:
            return None
        return self._change(old, Label(verdict=verdict), "changed" if old else "added")

    def _latest(self, uid: str) -> str:
        """The newest row of the supersede chain `uid` belongs to (later changes at the same place extend it)."""
        return self.store.annotation_history(uid)[-1].uid

    def undo(self) -> Change | None:
        """Revert the latest change of this session (None if there is none)."""
        if not self._done:
            return None
        entry = self._done[-1]
        row = self._write(self._latest(entry.tip), entry.before, "undo", entry.after.step_idx if entry.after else None)
        self._done.pop()
        entry.tip = row.uid
        self._undone.append(entry)
        return Change(entry.after, entry.before, row, "undone")

    def redo(self) -> Change | None:
        """Apply the latest undone change again (None if there is none)."""
        if not self._undone:
            return None
        entry = self._undone[-1]
        row = self._write(self._latest(entry.tip), entry.after, "redo", entry.before.step_idx if entry.before else None)
        self._undone.pop()
        entry.tip = row.uid
        self._done.append(entry)
        return Change(entry.before, entry.after, row, "redone")

    # -- the disclosure check

    def suggest_lapse(self, step_idx: int) -> list[str]:
        """The sensitive fields (`Object.Field`) that a reply step repeats from the records retrieved before it,
        leaving out values the user had said themselves. Empty for a step that is not a reply or when the
        episode's org has no known schema."""
        return sorted({f"{d.object}.{d.field}" for d in disclosures(self.store, self.episode_id, step_idx)})


def disclosures(store: Any, episode_id: str, step_idx: int) -> list[Any]:
    """The disclosure check (crmtui.judge.disclosure) on one reply step of a stored episode: the sensitive values
    it repeats from the records retrieved before it, minus those the user had said."""
    from crmtui.episode.evidence import evidence
    from crmtui.judge.disclosure import find_disclosures
    from crmtui.org.schema import ORG_KINDS, load_schema

    episode = store.get_episode(episode_id, steps=False)
    steps = store.steps(episode_id, 0, step_idx + 1)
    if not 0 <= step_idx < len(steps):
        raise ValidationError(f"episode {episode_id} has no step {step_idx}")
    step = steps[step_idx]
    text = step.answer if step.kind == "respond" else step.content if step.kind == "message" else None
    if not text or step.actor not in ("agent", "human") or episode.org_kind not in ORG_KINDS:
        return []
    schema = load_schema(episode.org_kind)
    found = evidence(steps[:step_idx])
    said = find_disclosures(schema, found.records, text)
    known = {(d.object, d.field, d.value) for d in find_disclosures(schema, found.records,
                                                                       "\n".join(found.user_texts))}
    return [d for d in said if (d.object, d.field, d.value) not in known]
