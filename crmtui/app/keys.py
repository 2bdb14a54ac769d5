"""Every key binding of the app, by id, in one registry; and the user's keymap file.

Screens and widgets build their `BINDINGS` from this registry (`bindings(scope)`), the help screen lists it,
and the command palette shows the keys it gives. A binding is remapped by its id in a TOML file,
`$CRMTUI_HOME/keys.toml` (or the file named by `$CRMTUI_KEYS`):

    # crmtui keymap: binding id = key, or several keys separated by commas (or a list)
    "workbench.run" = "ctrl+r,f5"
    "tasks.blind" = "B"
    "app.theme" = ["ctrl+t", "f10"]

A `[keys]` table holding the same entries is accepted too. Key names are Textual's (`ctrl+r`, `f5`,
`slash`, `question_mark`, `shift+tab`, an upper-case letter for shift+letter); `python -m textual keys`
(textual-dev) shows what a terminal sends. Unknown ids and bad values are reported when the app starts and
otherwise ignored.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SCOPES", "KeySpec", "Keymap", "bindings", "display_keys", "keymap_path", "load_keymap", "spec"]


@dataclass(frozen=True)
class KeySpec:
    """One binding: its id, default key(s) (comma-separated), action and description."""

    id: str
    key: str
    action: str
    description: str
    show: bool = False  # in the footer
    priority: bool = False
    key_display: str | None = None
    help: str = ""  # the longer description (help screen, tooltip); `description` is the footer's short label

    @property
    def long(self) -> str:
        return self.help or self.description


def _k(id: str, key: str, action: str, description: str, *, show: bool = False, priority: bool = False,
       key_display: str | None = None, help: str = "") -> KeySpec:
    return KeySpec(id, key, action, description, show, priority, key_display, help)


#: scope -> (title, bindings). Scope names match what builds the bindings: the app, a screen or a widget.
SCOPES: dict[str, tuple[str, tuple[KeySpec, ...]]] = {
    "app": ("Everywhere", (
        _k("app.quit", "ctrl+q", "quit", "Quit", priority=True),
        _k("app.help", "f1,question_mark", "help", "Help", show=True, key_display="f1", help="Keys and help"),
        _k("app.palette", "ctrl+p", "command_palette", "Command palette", priority=True),
        _k("app.theme", "ctrl+t", "toggle_dark", "Toggle dark/light theme", priority=True),
        _k("app.review", "f2", "review", "Review", help="Review queues: unannotated failures, judge/human "
           "disagreement, disputed gold"),
        _k("app.baselines", "f3", "baselines", "Baselines", help="Baselines: human vs agents, pass^k, effort, "
           "confidentiality, gold validation, agreement"),
    )),
    "tasks": ("Tasks screen", (
        _k("tasks.filter", "slash", "focus_filter", "Filter", show=True, key_display="/"),
        _k("tasks.clear-filter", "x", "clear_filter", "Clear the filter"),
        _k("tasks.org", "o", "cycle('org')", "Org", help="Quick filter: next org"),
        _k("tasks.suite", "s", "cycle('suite')", "Suite", help="Quick filter: next suite"),
        _k("tasks.domain", "d", "cycle('domain')", "Domain", help="Quick filter: next domain"),
        _k("tasks.skill", "k", "cycle('skill')", "Skill", help="Quick filter: next skill"),
        _k("tasks.metric", "m", "cycle('metric')", "Metric", help="Quick filter: next reward metric"),
        _k("tasks.answerable", "a", "cycle('answerable')", "Answerable", help="Quick filter: answerable / not / any"),
        _k("tasks.blind", "b", "toggle_blind", "Blind", show=True, help="Blind mode: hide gold answers and solutions"),
        _k("tasks.workbench", "q", "workbench", "Query org", show=True,
           help="Open the query workbench on the task's org"),
        _k("tasks.solution", "e", "solution", "Open the reference solution in the workbench"),
        _k("tasks.copy-id", "c", "copy_id", "Copy the task id"),
        _k("tasks.copy-query", "y", "copy_query", "Copy the task query"),
        _k("tasks.copy-task", "Y", "copy_task", "Copy the task as JSON"),
        _k("tasks.table", "escape", "focus_table", "Back to the task table"),
        _k("tasks.zoom", "z", "zoom", "Maximise the focused pane"),
    )),
    "workbench": ("Query workbench", (
        _k("workbench.run", "ctrl+enter,ctrl+r,f5", "run", "Run", show=True, priority=True,
           key_display="ctrl+r", help="Run the query"),
        _k("workbench.schema", "ctrl+b", "toggle_schema", "Schema", show=True, priority=True, help="Schema browser"),
        _k("workbench.history", "f4", "history", "History", show=True, help="Query history"),
        _k("workbench.editor", "e", "focus_editor", "Edit the query"),
        _k("workbench.more", "m", "more", "Load more rows"),
        _k("workbench.copy-cell", "c", "copy_cell", "Copy the cell"),
        _k("workbench.copy-record", "y", "copy_record", "Copy the record as JSON"),
        _k("workbench.copy-query", "f6", "copy_query", "Copy the query", priority=True),
        _k("workbench.record", "r", "toggle_record", "Record", show=True, help="Record detail pane (every field)"),
        _k("workbench.back", "escape", "back", "Back", key_display="esc",
           help="Back: from the editor to the results, from the results to the tasks"),
    )),
    "editor": ("Query editor", (
        _k("editor.complete", "ctrl+space,ctrl+@", "complete", "Complete objects, fields, relationships"),
        _k("editor.history-previous", "ctrl+up,alt+up", "history(-1)", "Previous query in history"),
        _k("editor.history-next", "ctrl+down,alt+down", "history(1)", "Next query in history"),
    )),
    "annotate": ("Annotation (Episode and Review screens)", (
        _k("annotate.label", "l", "annotate('label')", "Label", show=True,
           help="Label the selected step: a failure category, one key each (the same key again removes it)"),
        _k("annotate.label-episode", "L", "annotate('label-episode')", "Label the whole episode"),
        _k("annotate.fault", "S", "annotate('fault')", "Fault source",
           help="Fault source of the selected step: agent, user simulator, task, environment"),
        _k("annotate.lapse", "exclamation_mark", "annotate('lapse')", "Lapse", show=True, key_display="!",
           help="Mark a confidentiality lapse on the selected reply, leaked fields pre-filled by the disclosure check"),
        _k("annotate.note", "N", "annotate('note')", "Note on the selected step (empty removes it)"),
        _k("annotate.pass", "plus", "annotate('pass')", "Verdict: the episode passes", key_display="+"),
        _k("annotate.fail", "minus", "annotate('fail')", "Verdict: the episode fails", key_display="-"),
        _k("annotate.undo", "ctrl+z,u", "annotate('undo')", "Undo", show=True, key_display="u",
           help="Undo the latest label of this session (a retraction row; nothing is deleted)"),
        _k("annotate.redo", "ctrl+y,U", "annotate('redo')", "Redo the label just undone"),
    )),
    "labels": ("Label pickers (a letter picks; shown in the picker)", (
        _k("labels.scope", "tab", "scope", "Switch between the step and the whole episode", show=True),
        _k("labels.cancel", "escape", "cancel", "Cancel", show=True, key_display="esc"),
    )),
    "review": ("Review screen", (
        _k("review.next-queue", "tab,right_square_bracket", "queue(1)", "Next queue", show=True, key_display="tab"),
        _k("review.previous-queue", "shift+tab,left_square_bracket", "queue(-1)", "Previous queue"),
        _k("review.open", "enter,o", "open", "Open", show=True, key_display="enter",
           help="Open the selected episode read-only, with the annotation panel"),
        _k("review.compare", "c", "compare", "Compare", show=True,
           help="Two episodes of the selected task side by side"),
        _k("review.refresh", "r", "refresh", "Refresh the queues"),
        _k("review.other-left", "comma", "other(0)", "Other left", show=True, key_display=",",
           help="Side by side: show another episode of the task on the left"),
        _k("review.other-right", "full_stop", "other(1)", "Other right", show=True, key_display=".",
           help="Side by side: show another episode of the task on the right"),
        _k("review.back", "escape", "back", "Back", key_display="esc"),
    )),
    "tasks-gold": ("Tasks screen: gold validation and runs", (
        _k("tasks.validate-gold", "v", "validate_gold", "Validate gold", show=True,
           help="Blind gold validation: solve the task yourself first, then review its gold answer"),
        _k("tasks.review-gold", "V", "review_gold", "Review the gold answer now (not blind: no episode as evidence)"),
        _k("tasks.adjudication", "J", "adjudication", "Adjudication queue: tasks whose gold reviews disagree"),
        _k("tasks.gold", "g", "cycle('gold')", "Gold", help="Quick filter: next gold status"),
        _k("tasks.turn", "T", "cycle('turn')", "Quick filter: single- or multi-turn tasks"),
        _k("tasks.runs", "n", "cycle('runs')", "Quick filter: tasks never run / run at least once"),
    )),
    "gold": ("Gold review", (
        _k("gold.accept", "a", "verdict('accept')", "Accept", show=True, help="Accept the gold answer"),
        _k("gold.reject", "r", "verdict('reject')", "Reject", show=True,
           help="Reject the gold answer (wrong, ambiguous or unanswerable task)"),
        _k("gold.correct", "c", "verdict('correct')", "Correct", show=True,
           help="Correct the gold answer: propose the right one"),
        _k("gold.solution", "e", "solution", "Open the oracle's solution in the query workbench"),
        _k("gold.back", "escape", "back", "Back", show=True, key_display="esc",
           help="Back to the tasks without recording a verdict"),
    )),
    "adjudication": ("Adjudication queue", (
        _k("adjudication.accept", "a", "verdict('accept')", "Accept", show=True,
           help="Final verdict: the gold answer stands"),
        _k("adjudication.reject", "r", "verdict('reject')", "Reject", show=True,
           help="Final verdict: the gold answer is wrong and no answer is agreed"),
        _k("adjudication.correct", "c", "verdict('correct')", "Correct", show=True,
           help="Final verdict: the right answer is ... (prefilled from the reviewers' corrections)"),
        _k("adjudication.refresh", "f5", "refresh", "Reload the queue"),
        _k("adjudication.back", "escape", "back", "Back", show=True, key_display="esc"),
    )),
    "verdict": ("Verdict dialog (gold review, adjudication)", (
        _k("verdict.save", "ctrl+s", "save", "Record", show=True, priority=True,
           help="Record the verdict (enter in the last field does the same)"),
        _k("verdict.cancel", "escape", "cancel", "Cancel", show=True, key_display="esc"),
    )),
    "resume": ("Resume dialog (running episodes at start-up)", (
        _k("resume.open", "enter", "resume", "Resume", show=True, priority=True, help="Resume the selected episode"),
        _k("resume.abandon", "a", "abandon", "Abandon", show=True,
           help="Abandon the selected episode (recorded as abandoned; its steps are kept)"),
        _k("resume.abandon-all", "A", "abandon_all", "Abandon every listed episode"),
        _k("resume.ignore", "escape", "ignore", "Not now", show=True, key_display="esc",
           help="Leave them running (offered again next time)"),
    )),
    "tasks-play": ("Tasks screen: play, step through, replay", (
        _k("tasks.play", "p", "play('human')", "Play", show=True,
           help="Play the task in the agent's seat (a human baseline; single-turn)"),
        _k("tasks.play-multi", "P", "play('human-multi')", "Play the task in the agent's seat against the scripted "
           "user (multi-turn)"),
        _k("tasks.play-functions", "F", "play('human-functions')", "Play the task in the agent's seat with "
           "CRMArena's function tools instead of SOQL/SOSL (single-turn)"),
        _k("tasks.play-user", "u", "play('user')", "Play the user against an agent (multi-turn; asks which agent)"),
        _k("tasks.step-agent", "t", "play('step')", "Step", show=True,
           help="Step through an agent's actions, approving each (asks which agent; oracle by default)"),
        _k("tasks.replay", "r", "replay", "Runs", show=True, help="Replay or review a stored run of the task"),
    )),
    "episode": ("Episode screen", (
        _k("episode.next", "n", "next", "Next", show=True, help="Step through: the agent proposes its next action"),
        _k("episode.approve", "a", "approve", "Approve", show=True, help="Run the proposed action as it is"),
        _k("episode.edit", "e", "edit", "Edit", show=True, help="Edit the proposed action (JSON), then run it"),
        _k("episode.reject", "x", "reject", "Reject", show=True,
           help="Reject the proposed action (not run; recorded with your reason so the agent sees it)"),
        _k("episode.run-to-end", "g", "run_to_end", "Run to end",
           help="Approve every action until the episode ends or a person's turn comes (g again stops)"),
        _k("episode.timer", "p", "toggle_timer", "Pause timer", help="Pause or resume the active-time timer"),
        _k("episode.take-over", "t", "take_over", "Take over", show=True,
           help="Take the agent's seat: your queries and replies from here on"),
        _k("episode.hand-back", "h", "hand_back", "Hand back", show=True, help="Give the agent's seat back"),
        _k("episode.run", "ctrl+r,f5", "run_query", "Run query", show=True, priority=True, key_display="ctrl+r",
           help="Run the query in the composer (or the function form) as your next step"),
        _k("episode.respond", "ctrl+s", "respond", "Send", show=True, priority=True,
           help="Send the reply in the respond box (the answer, a question, or the user's line)"),
        _k("episode.compose", "i", "compose", "Write a query (focus the composer)"),
        _k("episode.reply", "r", "reply", "Reply", show=True,
           help="Write your reply (focus the respond box; enter or ctrl+s sends it)"),
        _k("episode.forward", "full_stop,right_square_bracket", "replay(1)", "Step forward", show=True,
           key_display=".", help="Replay: the next step"),
        _k("episode.backward", "comma,left_square_bracket", "replay(-1)", "Step back", show=True, key_display=",",
           help="Replay: the previous step"),
        _k("episode.first", "less_than_sign", "replay_to('first')", "Replay: the first step", key_display="<"),
        _k("episode.last", "greater_than_sign", "replay_to('last')", "Replay: the last step", key_display=">"),
        _k("episode.fork", "f", "fork", "Fork", show=True,
           help="Fork a new live episode from the selected step (you continue in the agent's seat)"),
        _k("episode.copy-cell", "c", "copy_cell", "Copy the result cell"),
        _k("episode.copy-query", "y", "copy_query", "Copy the selected step's query (or the composer's)"),
        _k("episode.copy-reply", "Y", "copy_reply", "Copy the agent's latest reply"),
        _k("episode.focus-conversation", "1", "focus_pane('conversation')", "Focus the conversation and composer"),
        _k("episode.focus-trace", "2", "focus_pane('trace')", "Focus the step trace"),
        _k("episode.focus-inspector", "3", "focus_pane('inspector')", "Focus the inspector (result, record)"),
        _k("episode.schema", "ctrl+b", "toggle_schema", "Schema browser", priority=True),
        _k("episode.card", "d", "toggle_card", "Show or hide the task card"),
        _k("episode.back", "escape", "back", "Back", show=True, key_display="esc",
           help="Back (from the composer to the trace; leaving a live episode asks before abandoning it)"),
    )),
    "baselines": ("Baselines screen", (
        _k("baselines.next-section", "tab,right_square_bracket", "section(1)", "Next section", show=True,
           key_display="tab", help="Next section: outcomes, pass^k, effort, confidentiality, gold, agreement, judges"),
        _k("baselines.previous-section", "shift+tab,left_square_bracket", "section(-1)", "Previous section"),
        _k("baselines.by", "b", "by", "By", show=True,
           help="Break outcomes down by the next dimension: task type, skill, domain, org, turn mode"),
        _k("baselines.org", "o", "cycle('org')", "Org", show=True, help="Filter: next org"),
        _k("baselines.suite", "s", "cycle('suite')", "Suite", help="Filter: next suite"),
        _k("baselines.task", "y", "cycle('task')", "Task type", help="Filter: next task type"),
        _k("baselines.skill", "k", "cycle('skill')", "Skill", help="Filter: next skill"),
        _k("baselines.domain", "d", "cycle('domain')", "Domain", help="Filter: next domain"),
        _k("baselines.turn", "t", "cycle('turn')", "Turns", help="Filter: single-turn / multi-turn / both"),
        _k("baselines.kind", "w", "cycle('kind')", "Who", show=True,
           help="Filter: people / agents / imported CRMArena runs / take-overs / everyone"),
        _k("baselines.clear", "x", "clear", "Clear the filters"),
        _k("baselines.refresh", "r", "refresh", "Read the transcript DB again"),
        _k("baselines.export", "e", "export", "Export HTML", show=True,
           help="Write the report, with these filters, as one self-contained HTML file with charts"),
        _k("baselines.back", "escape", "back", "Back", key_display="esc"),
    )),
    "help": ("Help and history dialogs", (
        _k("help.close", "escape,f1,q", "dismiss", "Close", show=True, key_display="esc"),
    )),
    "grid": ("Tables (tasks, results, record)", (
        _k("grid.up", "up", "cursor(-1)", "Row up"),
        _k("grid.down", "down", "cursor(1)", "Row down"),
        _k("grid.page-up", "pageup", "page(-1)", "Page up"),
        _k("grid.page-down", "pagedown", "page(1)", "Page down"),
        _k("grid.first", "home", "first", "First row"),
        _k("grid.last", "end", "last", "Last row"),
        _k("grid.left", "left", "column(-1)", "Column left (scrolls wide tables)"),
        _k("grid.right", "right", "column(1)", "Column right"),
        _k("grid.select", "enter", "select", "Open the row (task detail, record detail)"),
    )),
}

_SPECS: dict[str, KeySpec] = {s.id: s for _title, specs in SCOPES.values() for s in specs}

#: binding id -> keys (comma-separated), as Textual's App.set_keymap takes it.
Keymap = dict[str, str]


def spec(binding_id: str) -> KeySpec:
    return _SPECS[binding_id]


def bindings(scope: str) -> list[Any]:
    """Textual `Binding`s of a scope (imports Textual: call only from the app)."""
    from textual.binding import Binding

    return [Binding(s.key, s.action, s.description, show=s.show, priority=s.priority, key_display=s.key_display,
                    id=s.id, tooltip=s.help) for s in SCOPES[scope][1]]


def keymap_path() -> Path:
    """The keymap file: `$CRMTUI_KEYS`, else `$CRMTUI_HOME/keys.toml`."""
    env = os.environ.get("CRMTUI_KEYS")
    if env:
        return Path(env).expanduser()
    from crmtui.home import crmtui_home

    return crmtui_home() / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[Keymap, list[str]]:
    """The keymap in a file (empty if there is none) and the problems found in it, each naming the file."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot read: {exc}"]
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: not valid TOML: {exc}"]
    if isinstance(data.get("keys"), dict):
        data = {**{k: v for k, v in data.items() if k != "keys"}, **data["keys"]}
    keymap: Keymap = {}
    problems: list[str] = []
    for binding_id, value in data.items():
        if binding_id not in _SPECS:
            problems.append(f"{path}: unknown binding id {binding_id!r} (F1 lists the ids)")
            continue
        if isinstance(value, str):
            keys = [k.strip() for k in value.split(",")]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys = [k.strip() for k in value]
        else:
            problems.append(f"{path}: {binding_id}: expected a key string or a list of keys")
            continue
        if not keys or not all(keys):
            problems.append(f"{path}: {binding_id}: empty key")
            continue
        keymap[binding_id] = ",".join(keys)
    return keymap, problems


_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "esc", "ctrl+@": "ctrl+space", "space": "space",
              "pageup": "pgup", "pagedown": "pgdn", "enter": "enter"}


def display_keys(binding_id: str, keymap: Keymap | None = None) -> str:
    """The keys of a binding for people: `ctrl+r / f5`."""
    keys = (keymap or {}).get(binding_id) or _SPECS[binding_id].key
    shown = []
    for key in keys.split(","):
        key = key.strip()
        name = _KEY_NAMES.get(key, key)
        if name not in shown:
            shown.append(name)
    return " / ".join(shown)
