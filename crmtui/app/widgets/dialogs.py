"""Small modal dialogs of the Episode screen and its entry points: confirm leaving, edit an action as JSON, reject
with a reason, choose an agent, pick a stored episode."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from crmtui.episode.actions import Action, ActionError

DIALOG_CSS = """
ConfirmLeave, EditAction, AskText, PickEpisode { align: center middle; background: $background 60%; }
.small-dialog { width: 72; max-width: 96%; height: auto; max-height: 90%; border: round $accent;
                background: $surface; padding: 0 1; }
.small-dialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
.small-dialog Button { margin-left: 1; min-width: 10; }
.small-dialog #edit-json { height: 12; }
.small-dialog #dialog-error { color: $error; height: auto; }
.small-dialog #pick-list { height: auto; max-height: 20; border: none; }
"""


class ConfirmLeave(ModalScreen[str]):
    """Leaving a live episode: abandon it, keep it running (resumable later), or stay."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss('stay')", "Stay", show=False),
                          Binding("a", "dismiss('abandon')", "Abandon", show=False),
                          Binding("k", "dismiss('keep')", "Keep", show=False)]
    DEFAULT_CSS = DIALOG_CSS

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-dialog"):
            yield Static(Text.assemble(("Leave this episode?", "bold"), "\n",
                                       ("Abandon ends it unscored (it stays in the transcript DB as abandoned). "
                                        "Keep leaves it running: reopening the app offers to resume it.", "dim")))
            with Horizontal(classes="buttons"):
                yield Button("Abandon (a)", id="abandon", variant="error")
                yield Button("Keep running (k)", id="keep")
                yield Button("Stay (esc)", id="stay", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")


class EditAction(ModalScreen[Action | None]):
    """A proposed action as JSON; ctrl+s applies the edit (validated), esc cancels."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss", "Cancel", show=False),
                          Binding("ctrl+s", "save", "Apply", show=False, priority=True)]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, action: Action) -> None:
        super().__init__()
        data = action.to_json()
        for key in ("prompt_tokens", "completion_tokens", "cost", "duration_ms", "text"):
            data.pop(key, None)  # usage of the original proposal; the model's own text is kept in meta.edited
        self.text = json.dumps(data, ensure_ascii=False, indent=2)

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-dialog"):
            yield Static(Text.assemble(("Edit the proposed action", "bold"),
                                       ("  ctrl+s applies · esc cancels", "dim")))
            yield TextArea(self.text, id="edit-json", language=None, soft_wrap=True, show_line_numbers=False)
            yield Static("", id="dialog-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Apply (ctrl+s)", id="apply", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#edit-json", TextArea).focus()

    def action_save(self) -> None:
        try:
            action = Action.from_json(self.query_one("#edit-json", TextArea).text)
        except ActionError as exc:
            self.query_one("#dialog-error", Static).update(Text(f"✗ {exc}", style="bold"))
            return
        self.dismiss(action)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_save()
        else:
            self.dismiss(None)


class AskText(ModalScreen[str | None]):
    """One line of text (a rejection reason, an agent spec); enter accepts, esc cancels."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss", "Cancel", show=False)]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, hint: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.value, self.placeholder = title, hint, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-dialog"):
            yield Static(Text.assemble((self.title_text, "bold"), "\n", (self.hint, "dim")))
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")

    def on_mount(self) -> None:
        self.query_one("#ask-input", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class PickEpisode(ModalScreen[str | None]):
    """The stored episodes of a task, newest first; enter opens one."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss", "Close", show=False)]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, episodes: list[Any]) -> None:
        super().__init__()
        self.title_text = title
        self.episodes = list(reversed(episodes))

    def compose(self) -> ComposeResult:
        with Vertical(classes="small-dialog"):
            yield Static(Text.assemble((self.title_text, "bold"), ("  enter replays · esc closes", "dim")))
            if self.episodes:
                yield OptionList(*[Option(episode_line(ep)) for ep in self.episodes], id="pick-list")
            else:
                yield Static(Text("No stored episode of this task yet.", style="dim"))

    def on_mount(self) -> None:
        for widget in self.query("#pick-list"):
            widget.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.episodes[event.option_index].id)


def episode_line(ep: Any) -> Text:
    """One stored episode in a list: when, who, how it ended."""
    who = ep.agent_model or ep.agent_kind
    if ep.agent_kind == "human" and ep.player:
        who = f"human:{ep.player}"
    if ep.reward is None:
        result = Text(ep.status if ep.status != "finished" else "unscored", style="dim")
    else:
        result = Text(f"reward {ep.reward:g}", style="bold green" if ep.reward >= 1 else "bold red")
    when = (ep.started_at or "")[:16].replace("T", " ")
    line = Text.assemble((when, "dim"), "  ", (f"{who[:16]:<16}", "bold"), " ", result,
                         (f"  {ep.step_count} steps", "dim"), (f"  {ep.id[:8]}", "dim"))
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line
