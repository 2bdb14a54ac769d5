"""Gold validation: blind review of a task's gold answer, and the adjudication of disputed ones.

Blind validation (`start_gold_validation`, the Tasks screen's `v`): the expert first solves the task in the Episode
screen as a human player, with the gold hidden; their episode is the evidence. Then the GoldReviewScreen shows
their answer beside the gold answer and the oracle's solution, and records accept / reject / correct (with the
proposed answer) and a rationale as a gold review (`Store.review_gold(..., blind=True, episode_id=...)`). Other
people's verdicts are not shown there, so that reviews stay independent.

The AdjudicationScreen lists the tasks whose current reviews disagree (crmtui.store.gold.adjudication_queue), with
each reviewer's verdict, answer, rationale and evidence side by side; the adjudicator's final verdict is a gold
review marked as an adjudication (crmtui.store.gold.adjudicate).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Label, Static

from crmtui.app.keys import bindings
from crmtui.app.render import VERDICT_STYLES, adjudication_detail, gold_comparison
from crmtui.app.widgets.grid import Grid
from crmtui.app.widgets.pane import RichPane
from crmtui.errors import CrmtuiError

if TYPE_CHECKING:
    from textual.app import App

    from crmtui.store.model import Episode, GoldReview
    from crmtui.tasks.model import TaskInstance

__all__ = ["AdjudicationScreen", "GoldReviewScreen", "VerdictDialog", "parse_answer", "start_gold_validation"]

#: errors a store read or write in a worker turns into a notification
_STORE_ERRORS = (CrmtuiError, OSError, sqlite3.Error)


def start_gold_validation(app: App, instance: TaskInstance, *, blind: bool) -> None:
    """Blind gold validation of `instance`: solve it in the Episode screen, then review its gold.

    An unfinished episode of the same person on this task (left running earlier) is resumed instead of starting a
    new one. `blind` says whether the gold was hidden on the Tasks screen when the expert started; the review is
    recorded as blind only then (the episode itself is always played with the gold hidden).
    """
    from crmtui.episode.live import EpisodeRequest

    annotator = app.annotator  # type: ignore[attr-defined]
    if not blind:
        app.notify("Blind mode is off, so the gold answer was on screen: this review will be recorded as not blind "
                   "(b on the Tasks screen hides it).", title="Gold validation", severity="warning", timeout=6)

    def solved(episode_id: str | None) -> None:
        if episode_id is None:
            app.notify("Gold validation cancelled: no episode was played.", title="Gold validation")
            return
        app.call_later(app.push_screen, GoldReviewScreen(instance, episode_id=episode_id, blind=blind))

    def open_episode(unfinished: str | None) -> None:
        if unfinished is not None:
            app.notify("Resuming your unfinished episode of this task.", title="Gold validation", timeout=4)
        app.open_episode(EpisodeRequest("human", instance, episode_id=unfinished,  # type: ignore[attr-defined]
                                        resume=unfinished is not None, blind=True, player=annotator,
                                        on_done=solved))

    def find_unfinished() -> None:
        try:
            running = [ep.id for ep in app.store.episodes(status="running", task_id=instance.id)  # type: ignore
                       if ep.player == annotator and ep.agent_kind == "human"]
        except _STORE_ERRORS as exc:
            app.call_from_thread(app.notify, str(exc), title="Transcript DB", severity="error", timeout=10)
            return
        app.call_from_thread(open_episode, running[-1] if running else None)

    app.run_worker(find_unfinished, thread=True, group="gold-validate", exit_on_error=False)


def parse_answer(text: str, answer_kind: str) -> list[str | None]:
    """A proposed answer as typed: `None` is "not answerable"; an `ids` answer is split on commas and blanks."""
    text = text.strip()
    if not text:
        return []
    if text.lower() == "none":
        return [None]
    if answer_kind == "ids":
        return [part for part in re.split(r"[,\s]+", text) if part]
    return [text]


def _answer_input_text(answer: list[str | None] | None) -> str:
    if not answer:
        return ""
    return ", ".join("None" if a is None else a for a in answer)


# -- the verdict dialog ---------------------------------------------------------------------------------------

@dataclass
class VerdictInput:
    """What the verdict dialog returns."""

    verdict: str
    rationale: str
    answer: list[str | None] | None = None  # for `correct`
    reason: str | None = None  # why an earlier verdict of the same person is replaced


class VerdictDialog(ModalScreen[VerdictInput | None]):
    """A verdict (accept / reject / correct, chosen by the key that opened the dialog) with the proposed answer for a
    correction, a rationale and, when it replaces the person's earlier verdict, a reason. Enter in the last field
    or ctrl+s records; esc cancels."""

    HELP_SCOPES: ClassVar = ("verdict", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("verdict")
    DEFAULT_CSS = """
    VerdictDialog { align: center middle; background: $background 60%; }
    #verdict-box { width: 76; max-width: 96%; height: auto; max-height: 100%; border: round $accent;
                   background: $surface; padding: 0 1; }
    #verdict-title { height: auto; margin-bottom: 0; }
    VerdictDialog Label { margin-top: 1; color: $text-muted; }
    VerdictDialog Input { border: none; height: 1; padding: 0 1; background: $boost; }
    VerdictDialog Input:focus { border: none; background: $accent 25%; }
    #verdict-error { height: auto; color: $error; text-style: bold; }
    #verdict-help { height: auto; color: $text-muted; margin-top: 1; }
    """

    def __init__(self, verdict: str, *, title: str, answer_kind: str, answer: list[str | None] | None = None,
                 needs_reason: bool = False, rationale_required: bool = False) -> None:
        super().__init__()
        self.verdict = verdict
        self.title_text = title
        self.answer_kind = answer_kind
        self.prefill = _answer_input_text(answer)
        self.needs_reason = needs_reason
        self.rationale_required = rationale_required

    def compose(self) -> ComposeResult:
        with Vertical(id="verdict-box"):
            yield Static(Text.assemble((self.title_text, "bold"), "\n", ("verdict: ", "dim"),
                                       (self.verdict, VERDICT_STYLES.get(self.verdict, "")),
                                       ("   (esc, then a, r or c for another)", "dim")), id="verdict-title")
            yield Label(f"Proposed answer ({'Ids separated by commas; ' if self.answer_kind == 'ids' else ''}"
                        "None: not answerable)", id="answer-label")
            yield Input(self.prefill, placeholder="the right answer", id="verdict-answer", select_on_focus=False)
            yield Label("Rationale" + (" (required)" if self.rationale_required else ""))
            yield Input(placeholder="why: what the gold gets right or wrong", id="verdict-rationale")
            if self.needs_reason:
                yield Label("Reason for changing your earlier verdict (required)")
                yield Input(placeholder="what changed your mind", id="verdict-reason")
            yield Static("", id="verdict-error")
            yield Static(Text("enter in the last field or ctrl+s records · tab moves · esc cancels", style="dim"),
                         id="verdict-help")
        yield Footer()

    def on_mount(self) -> None:
        correct = self.verdict == "correct"
        self.query_one("#answer-label").display = correct
        self.query_one("#verdict-answer").display = correct
        self.query_one("#verdict-answer" if correct else "#verdict-rationale", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = [i for i in self.query(Input) if i.display]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def _error(self, text: str) -> None:
        self.query_one("#verdict-error", Static).update(text)

    def action_save(self) -> None:
        rationale = self.query_one("#verdict-rationale", Input).value.strip()
        answer = None
        if self.verdict == "correct":
            answer = parse_answer(self.query_one("#verdict-answer", Input).value, self.answer_kind)
            if not answer:
                self._error("A correction needs the proposed answer.")
                self.query_one("#verdict-answer", Input).focus()
                return
        if self.rationale_required and not rationale:
            self._error("Give a rationale.")
            self.query_one("#verdict-rationale", Input).focus()
            return
        reason = None
        if self.needs_reason:
            reason = self.query_one("#verdict-reason", Input).value.strip()
            if not reason:
                self._error("Say why your verdict changes.")
                self.query_one("#verdict-reason", Input).focus()
                return
        self.dismiss(VerdictInput(self.verdict, rationale, answer, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- blind gold review ----------------------------------------------------------------------------------------

class ReviewLoaded(Message):
    def __init__(self, episode: Episode | None, earlier: GoldReview | None, others: int) -> None:
        super().__init__()
        self.episode = episode
        self.earlier = earlier
        self.others = others


class Recorded(Message):
    def __init__(self, review: GoldReview) -> None:
        super().__init__()
        self.review = review


class StoreFailed(Message):
    def __init__(self, what: str, error: str) -> None:
        super().__init__()
        self.what = what
        self.error = error


class GoldReviewScreen(Screen["GoldReview | None"]):
    """The expert's answer beside the gold and the oracle's solution; a / r / c records a verdict. Dismisses with
    the recorded review (None when left without one)."""

    HELP_SCOPES: ClassVar = ("gold", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("gold")
    AUTO_FOCUS = "#gold-body"
    DEFAULT_CSS = """
    #gold-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, instance: TaskInstance, *, episode_id: str | None, blind: bool) -> None:
        super().__init__(id="gold-review")
        self.instance = instance
        self.episode_id = episode_id
        self.blind = blind and episode_id is not None
        self.episode: Episode | None = None
        self.earlier: GoldReview | None = None
        self.others = 0
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield RichPane(Text("Loading your episode…", style="dim"), id="gold-body")
        yield Footer()

    def on_mount(self) -> None:
        mode = "blind" if self.blind else "not blind"
        self.sub_title = f"Gold review · {self.instance.id} · {mode}"
        self.load()

    @work(thread=True, exclusive=True, group="gold-review", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            store = app.store
            episode = store.get_episode(self.episode_id, steps=False) if self.episode_id else None
            reviews = store.gold_reviews(self.instance.id)
        except _STORE_ERRORS as exc:
            self.post_message(StoreFailed("load", str(exc)))
            return
        mine = [r for r in reviews if r.reviewer == app.annotator]
        self.post_message(ReviewLoaded(episode, mine[-1] if mine else None, len(reviews) - len(mine)))

    def on_review_loaded(self, message: ReviewLoaded) -> None:
        if message.episode is not None and message.episode.status == "running":
            # kept running to be finished later: the gold stays hidden until then
            self.notify("Your episode is still running, so the gold stays hidden: v on the task continues it.",
                        title="Gold validation", timeout=6)
            self.dismiss(None)
            return
        self.episode, self.earlier, self.others = message.episode, message.earlier, message.others
        self.loaded = True
        self.show()

    def show(self) -> None:
        body = gold_comparison(self.instance, self.episode, dark=self.app.current_theme.dark, earlier=self.earlier,
                               others=self.others)
        self.query_one("#gold-body", RichPane).update(body, keep_scroll=True)

    def on_store_failed(self, message: StoreFailed) -> None:
        self.notify(message.error, title="Transcript DB", severity="error", timeout=10)
        if message.what == "load":
            self.query_one("#gold-body", RichPane).update(Text(f"Cannot read the transcript DB:\n{message.error}",
                                                               style="bold red"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "verdict" and not self.loaded:
            return None
        if action == "solution" and self.instance.solution is None:
            return None
        return True

    def _prefill(self) -> list[str | None] | None:
        """The expert's own answer, as the judge extracted it (else their reply), to start a correction from."""
        ep = self.episode
        if ep is None:
            return None
        extracted = ep.reward_detail.get("extracted") if isinstance(ep.reward_detail, dict) else None
        if isinstance(extracted, list) and extracted and all(isinstance(a, str) or a is None for a in extracted):
            return extracted
        return [ep.final_answer] if ep.final_answer else None

    def action_verdict(self, verdict: str) -> None:
        if not self.loaded:
            return
        dialog = VerdictDialog(verdict, title=f"Your verdict on the gold of {self.instance.id}",
                               answer_kind=self.instance.answer_kind,
                               answer=self._prefill(), needs_reason=self.earlier is not None)
        self.app.push_screen(dialog, self._verdict_given)

    def _verdict_given(self, given: VerdictInput | None) -> None:
        if given is not None:
            self.record(given)

    @work(thread=True, exclusive=True, group="gold-record", exit_on_error=False)
    def record(self, given: VerdictInput) -> None:
        app: Any = self.app
        try:
            review = app.store.review_gold(
                self.instance, reviewer=app.annotator, verdict=given.verdict, proposed_answer=given.answer,
                rationale=given.rationale or None, blind=self.blind, episode_id=self.episode_id,
                reason=given.reason)
        except _STORE_ERRORS as exc:
            self.post_message(StoreFailed("record", str(exc)))
            return
        self.post_message(Recorded(review))

    def on_recorded(self, message: Recorded) -> None:
        review = message.review
        self.notify(f"{review.verdict} recorded for {review.task_id}" + (" (blind)" if review.blind else ""),
                    title="Gold review", timeout=4)
        self.dismiss(review)

    def action_solution(self) -> None:
        sol = self.instance.solution
        if sol is None:
            return
        org = self.instance.org if self.instance.org in ("original", "b2b", "b2c") else "b2b"
        self.app.open_workbench(org, query=sol.queries[0] if sol.queries else "",  # type: ignore[attr-defined]
                                extra_history=sol.queries, run=True)

    def action_back(self) -> None:
        if self.episode_id is not None:
            self.notify("No verdict recorded; your episode is saved.", title="Gold review", timeout=4)
        self.dismiss(None)


# -- adjudication ---------------------------------------------------------------------------------------------

@dataclass
class Dispute:
    """One task of the adjudication queue, with everything the adjudicator compares."""

    task_id: str
    instance: TaskInstance | None
    reviews: list[GoldReview]
    episodes: dict[str, Episode] = field(default_factory=dict)

    def row(self) -> tuple:
        counts: dict[str, int] = {}
        for r in self.reviews:
            counts[r.verdict] = counts.get(r.verdict, 0) + 1
        verdicts = Text(" · ").join(Text(f"{v} {n}", style=VERDICT_STYLES.get(v, "")) for v, n in counts.items())
        last = max((r.created_at for r in self.reviews), default="")
        return (self.task_id, len(self.reviews), verdicts, last[:16].replace("T", " "))

    def corrections(self) -> list[str | None] | None:
        """The answer the correcting reviewers propose (the first one's), to start a final correction from."""
        for r in self.reviews:
            if r.verdict == "correct" and r.proposed_answer:
                return list(r.proposed_answer)
        return None


class QueueLoaded(Message):
    def __init__(self, disputes: list[Dispute]) -> None:
        super().__init__()
        self.disputes = disputes


class Adjudicated(Message):
    def __init__(self, review: GoldReview) -> None:
        super().__init__()
        self.review = review


QUEUE_COLUMNS = ("task", "reviews", "verdicts", "last review")


def load_disputes(store: Any) -> list[Dispute]:
    """The adjudication queue with each task's current reviews, reviewed task version and evidence episodes."""
    from crmtui.store.gold import adjudication_queue

    out = []
    with store.snapshot():
        for task_id in adjudication_queue(store):
            reviews = store.gold_reviews(task_id)
            episodes = {r.episode_id: store.get_episode(r.episode_id, steps=False) for r in reviews if r.episode_id}
            out.append(Dispute(task_id, store.get_task(task_id), reviews, episodes))
    return out


class AdjudicationScreen(Screen[None]):
    """Disputed gold answers: the queue above, the selected task's reviews side by side below; a / r / c records
    the final verdict (with a rationale)."""

    HELP_SCOPES: ClassVar = ("adjudication", "grid", "app")  # the help screen lists these scopes first

    BINDINGS: ClassVar = bindings("adjudication")
    AUTO_FOCUS = "#adj-queue"
    DEFAULT_CSS = """
    #adj-queue { height: 10; }
    #adj-detail { height: 1fr; padding: 0 1; border-top: hkey $panel; }
    """

    def __init__(self, task_id: str | None = None) -> None:
        """`task_id`: the dispute to select first (opened from the Review queue)."""
        super().__init__(id="adjudication")
        self.disputes: list[Dispute] = []
        self.current: Dispute | None = None
        self.loaded = False
        self.first_task = task_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Grid(id="adj-queue", empty_text="No disputed gold: every reviewed task is agreed on.")
        yield RichPane(Text("Loading the adjudication queue…", style="dim"), id="adj-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Adjudication"
        self.query_one(Grid).loading = True
        self.load()

    @work(thread=True, exclusive=True, group="adjudication-load", exit_on_error=False)
    def load(self) -> None:
        try:
            disputes = load_disputes(self.app.store)  # type: ignore[attr-defined]
        except _STORE_ERRORS as exc:
            self.post_message(StoreFailed("load", str(exc)))
            return
        self.post_message(QueueLoaded(disputes))

    def on_queue_loaded(self, message: QueueLoaded) -> None:
        keep = self.current.task_id if self.current is not None else self.first_task
        self.disputes = message.disputes
        self.loaded = True
        grid = self.query_one(Grid)
        grid.loading = False
        cursor = next((n for n, d in enumerate(self.disputes) if d.task_id == keep), 0)
        grid.set_data(QUEUE_COLUMNS, [d.row() for d in self.disputes], cursor=cursor)
        grid.styles.height = max(3, min(len(self.disputes) + 1, 10))  # the queue takes no more room than it needs
        n = len(self.disputes)
        self.sub_title = f"Adjudication · {n} task{'s' * (n != 1)} waiting"
        if not self.disputes:
            self.current = None
            self.query_one("#adj-detail", RichPane).update(
                Text("Nothing to adjudicate. Tasks appear here when their current gold reviews disagree (or one "
                     "rejects the gold).", style="dim"))

    def on_store_failed(self, message: StoreFailed) -> None:
        self.query_one(Grid).loading = False
        self.notify(message.error, title="Transcript DB", severity="error", timeout=10)

    @on(Grid.RowHighlighted, "#adj-queue")
    def _highlighted(self, event: Grid.RowHighlighted) -> None:
        if 0 <= event.row < len(self.disputes):
            self.current = self.disputes[event.row]
            self.show()

    @on(Grid.RowSelected, "#adj-queue")
    def _selected(self, event: Grid.RowSelected) -> None:
        self.query_one("#adj-detail", RichPane).focus()

    def show(self) -> None:
        d = self.current
        if d is None:
            return
        body = adjudication_detail(d.instance, d.task_id, d.reviews, d.episodes, dark=self.app.current_theme.dark)
        self.query_one("#adj-detail", RichPane).update(body)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "verdict" and self.current is None:
            return None
        return True

    def action_verdict(self, verdict: str) -> None:
        d = self.current
        if d is None:
            return
        kind = d.instance.answer_kind if d.instance is not None else "text"
        dialog = VerdictDialog(verdict, title=f"Final verdict on {d.task_id} (an adjudication)", answer_kind=kind,
                               answer=d.corrections(), rationale_required=True)
        self.app.push_screen(dialog, lambda given: self._ruled(d, given))

    def _ruled(self, dispute: Dispute, given: VerdictInput | None) -> None:
        if given is not None:
            self.record(dispute.task_id, given)

    @work(thread=True, exclusive=True, group="adjudication-record", exit_on_error=False)
    def record(self, task_id: str, given: VerdictInput) -> None:
        from crmtui.store.gold import adjudicate

        app: Any = self.app
        try:
            review = adjudicate(app.store, task_id, adjudicator=app.annotator, verdict=given.verdict,
                                rationale=given.rationale, proposed_answer=given.answer)
        except _STORE_ERRORS as exc:
            self.post_message(StoreFailed("record", str(exc)))
            return
        self.post_message(Adjudicated(review))

    def on_adjudicated(self, message: Adjudicated) -> None:
        review = message.review
        self.notify(f"Final verdict on {review.task_id}: {review.verdict}", title="Adjudication", timeout=4)
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)
