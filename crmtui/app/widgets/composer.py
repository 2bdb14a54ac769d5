"""The composer: what a person in the agent's seat (or the user's) writes.

- the SOQL/SOSL editor (the workbench's, with completion and history; the run key runs the query as a step);
- a function-tool form for the functions toolset: a tool picker and one input per parameter (strings as typed,
  other types as JSON);
- a respond box: enter sends the reply (or, in the user's seat, the user's line; `###STOP###` ends the talk).
Each posts `Composer.Submitted` with an `Action`; the screen decides whether it is the person's turn.
"""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select

from crmtui.app.widgets.editor import SoqlEditor
from crmtui.episode.actions import Action
from crmtui.episode.prompts import STOP


class FormError(ValueError):
    """A function-form field that cannot be read (the message names it)."""


def tool_arguments(spec: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """A tool's arguments from the form's texts: strings as typed, other types parsed as JSON; empty optional
    fields are left out."""
    params = spec.get("parameters") or {}
    props: dict[str, Any] = params.get("properties") or {}
    required = set(params.get("required") or ())
    out: dict[str, Any] = {}
    for name, prop in props.items():
        text = values.get(name, "").strip()
        if not text:
            if name in required:
                raise FormError(f"{name} is required")
            continue
        if prop.get("type") == "string":
            out[name] = text
            continue
        try:
            out[name] = json.loads(text)
        except ValueError:
            if prop.get("type") == "array" and "," not in text and not text.startswith("["):
                out[name] = [text]  # one bare value for a list
                continue
            example = '["..."]' if prop.get("type") == "array" else "3"
            raise FormError(f"{name} must be JSON ({prop.get('type', 'a value')}), e.g. {example}") from None
    return out


class FunctionForm(Vertical):
    """A tool picker and one input per parameter of the chosen tool."""

    DEFAULT_CSS = """
    FunctionForm { height: auto; max-height: 12; }
    FunctionForm Select { width: 1fr; }
    FunctionForm .param { height: 1; }
    FunctionForm .param Label { width: 22; color: $text-muted; }
    FunctionForm .param Input { border: none; height: 1; width: 1fr; padding: 0 1; background: $boost; }
    """

    def __init__(self, specs: list[dict[str, Any]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.specs = {s["function"]["name"]: s["function"] for s in specs
                      if s.get("function", {}).get("name") not in ("respond",)}

    def compose(self) -> ComposeResult:
        yield Select([(name, name) for name in self.specs], prompt="function tool…", id="fn-tool")
        yield Vertical(id="fn-params")

    async def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        box = self.query_one("#fn-params", Vertical)
        await box.remove_children()
        spec = self.specs.get(str(event.value)) if event.value is not Select.BLANK else None
        if spec is None:
            return
        required = set((spec.get("parameters") or {}).get("required") or ())
        rows = []
        for name, prop in ((spec.get("parameters") or {}).get("properties") or {}).items():
            label = f"{name}{'*' if name in required else ''}"
            rows.append(Horizontal(Label(label), Input(placeholder=prop.get("description", "")[:80],
                                                       name=name, classes="fn-arg"), classes="param"))
        await box.mount_all(rows)

    @property
    def tool(self) -> str | None:
        value = self.query_one("#fn-tool", Select).value
        return None if value is Select.BLANK else str(value)

    def action(self) -> Action:
        tool = self.tool
        if tool is None:
            raise FormError("choose a function tool first")
        values = {i.name or "": i.value for i in self.query(".fn-arg").results(Input)}
        return Action.call(tool, tool_arguments(self.specs[tool], values))


class Composer(Vertical):
    """Editor + function form + respond box; `seat` is "agent" or "user" (the user's seat only has the box)."""

    DEFAULT_CSS = """
    Composer { height: auto; }
    Composer #ep-editor { height: auto; min-height: 3; max-height: 8; border: tall $panel; }
    Composer #ep-editor:focus { border: tall $accent; }
    Composer #ep-respond { border: none; height: 1; padding: 0 1; background: $boost; }
    Composer #ep-respond:focus { background: $accent 25%; }
    """

    class Submitted(Message):
        def __init__(self, action: Action) -> None:
            super().__init__()
            self.action = action

    class Invalid(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *, specs: list[dict[str, Any]] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.specs = specs
        self.seat = "agent"

    def compose(self) -> ComposeResult:
        yield SoqlEditor("", id="ep-editor")
        if self.specs:
            yield FunctionForm(self.specs, id="ep-functions")
        yield Input(placeholder="reply to the user (enter sends)", id="ep-respond")

    def on_mount(self) -> None:
        self.editor.placeholder = "SOQL/SOSL query · ctrl+space completes · ctrl+r runs"

    def set_specs(self, specs: list[dict[str, Any]]) -> None:
        """Add the function-tool form (an episode with the functions toolset)."""
        if self.specs or not specs:
            return
        self.specs = specs
        self.mount(FunctionForm(specs, id="ep-functions"), before="#ep-respond")

    def set_seat(self, seat: str) -> None:
        """Show what the person can write in this seat (agent: query, tools, reply; user: a line)."""
        self.seat = seat
        agent = seat == "agent"
        self.query_one("#ep-editor").display = agent
        for form in self.query(FunctionForm):
            form.display = agent
        self.query_one("#ep-respond", Input).placeholder = (
            "reply to the user: the answer, or a question (enter sends)" if agent
            else f"your line as the user (enter sends; {STOP} ends the conversation)")

    @property
    def editor(self) -> SoqlEditor:
        return self.query_one("#ep-editor", SoqlEditor)

    def run_query(self) -> None:
        """Submit the editor's query (or the function form, when it has the focus)."""
        forms = list(self.query(FunctionForm))
        if forms and forms[0].display and forms[0].has_focus_within:
            try:
                self.post_message(self.Submitted(forms[0].action()))
            except FormError as exc:
                self.post_message(self.Invalid(str(exc)))
            return
        text = self.editor.text.strip()
        if not text:
            self.post_message(self.Invalid("type a SOQL query (SELECT …) or a SOSL search (FIND …) first"))
            return
        self.post_message(self.Submitted(Action.execute(text)))

    def send_reply(self) -> None:
        box = self.query_one("#ep-respond", Input)
        text = box.value.strip()
        if not text:
            box.focus()
            self.post_message(self.Invalid("type the reply first (enter sends it)"))
            return
        if self.seat == "user":
            action = Action.stop(text) if STOP in text else Action.say(text)
        else:
            action = Action.respond(text)
        self.post_message(self.Submitted(action))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "ep-respond":
            self.send_reply()
        elif event.input.has_class("fn-arg"):
            self.run_query()

    def clear_reply(self) -> None:
        self.query_one("#ep-respond", Input).value = ""
