"""The Episode screen's status line: what happens next (left), step n of N and active time (right).

A one-line bar that updates without a layout pass (a Static's update re-lays out the screen, about 10 ms a key).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from crmtui.app.widgets.pane import RichPane
from crmtui.episode.live import MODE_LABELS, LiveEpisode

Keys = Callable[[str], str]  # binding id -> the keys to show


class StatusLine(RichPane, can_focus=False):
    """What happens next on the left, `right` (step n of N, active time) on the right; one line, no wrapping."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; scrollbar-size: 0 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.left = Text("")
        self.right = Text("")

    def show(self, left: Text | None = None, right: Text | None = None) -> None:
        if left is not None:
            self.left = left
        if right is not None:
            self.right = right
        width = self.scrollable_content_region.width or self.size.width or 80
        room = max(0, width - self.right.cell_len - 1)
        line = self.left.copy()
        line.truncate(room, overflow="ellipsis")
        line.no_wrap = True
        line.append(" " * max(0, width - line.cell_len - self.right.cell_len))
        line.append_text(self.right)
        self.update(line)

    def on_resize(self) -> None:
        self.show()


def clock_text(ms: float) -> str:
    seconds = int(ms // 1000)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def episode_title(live: LiveEpisode) -> str:
    """The header's subtitle: mode and task."""
    mode = "human (took over)" if live.taken_over else MODE_LABELS.get(live.mode, live.mode)
    task = live.instance.id if live.instance is not None else (live.source.task_id if live.source else "?")
    return f"{mode} · {task}"


def position_text(live: LiveEpisode) -> Text:
    """`step n of N · 1:23 active` (n is the replay cursor in a replay)."""
    total = len(live.steps)
    n = (live.cursor + 1) if live.mode == "replay" else total
    paused = " (paused)" if live.timer.paused else ""
    return Text.assemble((f"step {n} of {total}", "bold"), " · ",
                         (f"{clock_text(live.active_ms)} active{paused}", "bold #d97706" if paused else "bold"))


def next_step_text(live: LiveEpisode, busy: str | None, k: Keys) -> Text:
    """What happens next, and the keys for it."""
    if live.mode == "replay":
        return Text.assemble(("replay ", "bold"), f"{live.agent_name} · ",
                             (f"{k('episode.forward')} / {k('episode.backward')} step · "
                              f"{k('episode.fork')} forks from the selected step", "dim"))
    if live.done:
        outcome = live.outcome
        reward = outcome.reward if outcome is not None else None
        if outcome is None or reward is None:
            return Text.assemble(("ended ", "bold"), outcome.end_reason if outcome else "", " (not scored)")
        return Text.assemble(("✓ correct" if reward >= 1 else "✗ wrong", "bold green" if reward >= 1 else "bold red"),
                             f" · reward {reward:g} · {outcome.end_reason} · stored as "
                             f"{live.episode_id[:12] if live.episode_id else '-'}")
    if busy == "proposing":
        return Text(f"{live.agent_name} is thinking… ({k('episode.take-over')} takes over)", style="italic")
    if busy == "running":
        return Text(f"running to the end… ({k('episode.run-to-end')} stops)", style="italic")
    if busy == "applying":
        return Text("running…", style="italic")
    if live.pending is not None:
        return Text.assemble(("proposed ", "bold #a855f7"), f"{k('episode.approve')} approve · "
                             f"{k('episode.edit')} edit · {k('episode.reject')} reject · "
                             f"{k('episode.run-to-end')} all")
    if live.person_turn:
        if live.whose_turn == "user":
            return Text.assemble(("your turn (user) ", "bold #d97706"),
                                 f"write to the agent · {k('episode.respond')} sends")
        return Text.assemble(("your turn ", "bold #10b981"), f"{k('episode.run')} runs · "
                             f"{k('episode.respond')} replies · esc leaves the editor")
    if live.automatic_turn:
        side = live.agent_name if live.whose_turn == "agent" else "the user simulator"
        return Text.assemble((f"{side}'s turn ", "bold"), f"{k('episode.next')} next action · "
                             f"{k('episode.take-over')} take over")
    return Text("")
