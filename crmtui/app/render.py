"""Rich renderables for the app's panes (no Textual here): task detail, record detail, schema entries."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crmtui.org.schema import Field, OrgSchema, SObject
from crmtui.tasks.model import TaskInstance

if TYPE_CHECKING:
    from crmtui.store.aggregates import TaskStats
    from crmtui.store.model import Episode, GoldReview

#: how each sensitivity is shown; colours chosen to read on both dark and light themes
SENSITIVITY_STYLES = {
    "public": "",
    "pii": "bold #ef4444",
    "internal": "#d97706",
    "confidential": "bold #a855f7",
}
_SENSITIVITY_MARKS = {"public": " ", "pii": "●", "internal": "◆", "confidential": "▲"}


def sensitivity_style(sensitivity: str) -> str:
    return SENSITIVITY_STYLES.get(sensitivity, "")


def sensitivity_legend() -> Text:
    parts: list[Any] = []
    for name in ("pii", "internal", "confidential"):
        parts += [(f"{_SENSITIVITY_MARKS[name]} {name}", SENSITIVITY_STYLES[name]), "  "]
    return Text.assemble(*parts)


_SOQL_STYLES = {
    True: {"keyword": "bold #c586c0", "function": "#dcdcaa", "string": "#ce9178", "number": "#b5cea8",
           "constant.builtin": "#569cd6", "operator": "", "type": "#4ec9b0"},
    False: {"keyword": "bold #af00db", "function": "#795e26", "string": "#a31515", "number": "#098658",
            "constant.builtin": "#0000ff", "operator": "", "type": "#267f99"},
}


def soql_text(query: str, *, dark: bool = True) -> Text:
    """SOQL/SOSL as highlighted rich Text (the editor's tokenizer; no Pygments)."""
    from crmtui.app.soql_assist import highlight_line

    styles = _SOQL_STYLES[dark]
    out = Text()
    for n, line in enumerate(query.split("\n")):
        if n:
            out.append("\n")
        text = Text(line)
        for start, end, name in highlight_line(line):
            style = styles.get(name)
            if style:
                text.stylize(style, start, end)
        out.append_text(text)
    return out


def _heading(title: str, style: str = "bold") -> Text:
    return Text(title, style=f"{style} underline")


def _block(title: str, body: RenderableType, style: str = "bold") -> Group:
    return Group(_heading(title, style), Padding(body, (0, 0, 1, 2)))


def answer_text(answer: list) -> str:
    return "\n".join("None (not answerable)" if a is None else str(a) for a in answer)


#: how each gold status and verdict is shown; colours chosen to read on both dark and light themes
GOLD_STYLES = {"generated": "dim", "validated": "bold #16a34a", "disputed": "bold #dc2626",
               "corrected": "bold #d97706"}
VERDICT_STYLES = {"accept": "bold #16a34a", "reject": "bold #dc2626", "correct": "bold #d97706"}


def gold_cell(status: str | None) -> Text:
    """A gold status as a table cell (`…` while the aggregates load)."""
    if status is None:
        return Text("…", style="dim")
    return Text(status, style=GOLD_STYLES.get(status, ""))


def percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def runs_text(stats: TaskStats | None) -> Text:
    """`human 2 (1 ✓) · agents 3 (1 ✓ 33%, mean reward 0.50) · oracle 1 (1 ✓)`."""
    if stats is None:
        return Text("runs: loading…", style="dim")
    if not (stats.runs or stats.oracle_runs):
        return Text("no finished runs yet", style="dim")
    parts: list[str] = [f"human {stats.human_runs}" + (f" ({stats.human_successes} ✓)" if stats.human_runs else "")]
    agents = f"agents {stats.agent_runs}"
    if stats.agent_runs:
        mean = "" if stats.agent_mean_reward is None else f", mean reward {stats.agent_mean_reward:.2f}"
        agents += f" ({stats.agent_successes} ✓ {percent(stats.agent_success_rate)}%{mean})"
    parts.append(agents)
    if stats.oracle_runs:
        parts.append(f"oracle {stats.oracle_runs} ({stats.oracle_successes} ✓)")
    return Text(" · ".join(parts))


def _answer_of(review: GoldReview) -> str:
    if review.verdict == "correct":
        return answer_text(review.proposed_answer or [])
    return "= gold" if review.verdict == "accept" else "-"


def reviews_renderable(reviews: Sequence[GoldReview], *, blind: bool) -> RenderableType:
    """The current gold reviews of a task, one line each (answers and rationales hidden in blind mode)."""
    if not reviews:
        return Text("no reviews yet", style="dim")
    if blind:
        return Text(f"{len(reviews)} review{'s' * (len(reviews) != 1)}: hidden in blind mode", style="italic dim")
    from crmtui.store.gold import is_adjudication

    lines: list[RenderableType] = []
    for r in reviews:
        head = Text.assemble((r.verdict, VERDICT_STYLES.get(r.verdict, "")), f"  {r.reviewer}",
                             (" · adjudication" if is_adjudication(r) else "", "bold"),
                             (" · blind" if r.blind else "", "dim"), (f" · {_when(r.created_at)}", "dim"))
        lines.append(head)
        if r.verdict == "correct":
            lines.append(Text.assemble(("  answer: ", "dim"), _answer_of(r).replace("\n", ", ")))
        if r.rationale:
            lines.append(Text.assemble(("  ", ""), (r.rationale, "italic")))
    return Group(*lines)


def task_detail(i: TaskInstance, *, blind: bool, dark: bool = True, stats: TaskStats | None = None,
                stats_state: str = "loaded") -> Group:
    """Everything a person needs to judge a task: query, context, persona, gold and the oracle's solution, its gold
    status and reviews, and its runs. `stats_state` is `loading` or `unavailable` while there are no aggregates."""
    parts: list[RenderableType] = [
        Text.assemble((i.id, "bold"), (f"  idx {i.idx}", "dim")),
        Text(f"{i.task} · {i.suite} · org {i.org} · {i.domain} · {i.skill} · {i.audience} · {i.reward_metric} · "
             f"answer: {i.answer_kind} · {'single- or multi-turn' if i.reveal else 'single-turn'}", style="dim"),
    ]
    if stats is not None:
        parts.append(Text.assemble(("gold ", "dim"), gold_cell(stats.gold_status), ("  ·  ", "dim"),
                                   runs_text(stats)))
    elif stats_state == "unavailable":
        parts.append(Text("gold status and runs: the transcript DB could not be read", style="dim"))
    else:
        parts.append(Text("gold status and runs: loading…", style="dim"))
    parts += [Text(""), _block("Query", Text(i.query))]
    if i.persona:
        parts.append(_block("Persona", Text(i.persona)))
    parts.append(_block("Context (metadata.required)", Text(inspect.cleandoc(i.required) or "(none)")))
    if blind:
        parts.append(_block("Gold answer", Text("hidden: blind mode (press b to show)", style="italic dim")))
    else:
        parts.append(_block("Gold answer", Text(answer_text(i.answer), style="bold"), style="bold green"))
    if stats is not None and stats.reviews:
        parts.append(_block("Gold reviews", reviews_renderable(stats.reviews, blind=blind)))
    if i.reveal:
        parts.append(_block("Reveal (scripted user, turn by turn)",
                            Text("\n".join(f"{n}. {r}" for n, r in enumerate(i.reveal, 1)))))
    if i.solution is not None:
        if blind:
            parts.append(_block("Reference solution", Text("hidden: blind mode", style="italic dim")))
        else:
            parts.append(_block("Reference solution (press e to open it in the workbench)",
                                solution_renderable(i, dark=dark)))
    if i.optional.strip():
        parts.append(_block("Domain details (metadata.optional)", Text(inspect.cleandoc(i.optional), style="dim")))
    if i.source:
        parts.append(Text("source: " + ", ".join(f"{k} {v}" for k, v in i.source.items()), style="dim"))
    return Group(*parts)


def solution_renderable(i: TaskInstance, *, dark: bool = True) -> RenderableType:
    """The oracle's reference solution: its queries (highlighted), the derivation and its answer."""
    sol = i.solution
    if sol is None:
        return Text("no reference solution (an imported task)", style="dim")
    body: list[RenderableType] = []
    for n, q in enumerate(sol.queries, 1):
        body.append(Text(f"query {n}", style="dim"))
        body.append(soql_text(q, dark=dark))
    derive = sol.derive + (f" {json.dumps(sol.params, ensure_ascii=False)}" if sol.params else "")
    body.append(Text.assemble(("derive: ", "dim"), derive or "-"))
    body.append(Text.assemble(("answer: ", "dim"), ", ".join("None" if a is None else a for a in sol.answer)))
    return Group(*body)


def _duration(ms: float | None) -> str:
    if ms is None:
        return "-"
    seconds = int(ms // 1000)
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def episode_summary(ep: Episode | None) -> Text:
    """`finished · reward 1.0 ✓ · 6 steps · 2m 13s active` (or what is missing)."""
    if ep is None:
        return Text("no episode: reviewed without solving the task first", style="italic dim")
    reward = "" if ep.reward is None else f" · reward {ep.reward:g} {'✓' if ep.reward >= 1 else '✗'}"
    return Text(f"{ep.status}{reward} · {ep.step_count} steps · {_duration(ep.active_ms)} active", style="dim")


def gold_comparison(i: TaskInstance, ep: Episode | None, *, dark: bool = True, earlier: GoldReview | None = None,
                    others: int = 0) -> Group:
    """The GoldReview screen's body: the expert's own answer beside the gold, then the oracle's solution."""
    table = Table(box=None, expand=True, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column(Text("Your answer", style="bold underline"), ratio=1)
    table.add_column(Text("Gold answer", style="bold green underline"), ratio=1)
    yours = Text(ep.final_answer if ep is not None and ep.final_answer else "(no answer)",
                 style="" if ep is not None and ep.final_answer else "italic dim")
    table.add_row(yours, Text(answer_text(i.answer), style="bold"))
    verdict = Text("")
    if ep is not None and ep.reward is not None:
        verdict = (Text("✓ your answer scores as the gold", style="bold #16a34a") if ep.reward >= 1
                   else Text(f"✗ your answer differs from the gold (reward {ep.reward:g})", style="bold #dc2626"))
    table.add_row(episode_summary(ep), verdict)
    parts: list[RenderableType] = [
        Text.assemble((i.id, "bold"), (f"  {i.task} · {i.reward_metric} · answer: {i.answer_kind}", "dim")),
        Text(""), _block("Query", Text(i.query)), table, Text(""),
        _block("Oracle's solution", solution_renderable(i, dark=dark)),
        _block("Context (metadata.required)", Text(inspect.cleandoc(i.required) or "(none)", style="dim")),
    ]
    if earlier is not None:
        parts.append(Text.assemble(("Your earlier verdict: ", "bold"), (earlier.verdict,
                                   VERDICT_STYLES.get(earlier.verdict, "")), f" ({_when(earlier.created_at)}); "
                                   "a new verdict replaces it and needs a reason."))
    if others:
        parts.append(Text(f"{others} other review{'s' * (others != 1)} of this task: not shown here, so that "
                          "yours stays independent.", style="dim"))
    parts.append(Text("a accept · r reject · c correct (propose the right answer) · esc back without a verdict",
                      style="dim"))
    return Group(*parts)


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def adjudication_detail(i: TaskInstance | None, task_id: str, reviews: Sequence[GoldReview],
                        episodes: dict[str, Episode], *, dark: bool = True) -> Group:
    """A disputed task for the adjudicator: the gold answer, then every reviewer's verdict, answer, rationale and
    evidence side by side, then the query and the oracle's solution."""
    from crmtui.store.gold import is_adjudication

    parts: list[RenderableType] = [Text(task_id, style="bold")]
    if i is not None:
        parts += [Text(f"{i.task} · {i.reward_metric} · answer: {i.answer_kind}", style="dim"), Text(""),
                  _block("Gold answer", Text(answer_text(i.answer), style="bold"), style="bold green")]
    else:
        parts.append(Text("the reviewed task version is not in the transcript DB", style="italic dim"))
    table = Table(box=None, expand=True, padding=(0, 2, 0, 0), show_edge=False, show_header=True)
    table.add_column("", style="dim", no_wrap=True, width=10)
    for r in reviews:
        table.add_column(Text(r.reviewer, style="bold underline"), ratio=1)

    def row(label: str, cells: list[RenderableType]) -> None:
        table.add_row(Text(label), *cells)

    row("verdict", [Text.assemble((r.verdict, VERDICT_STYLES.get(r.verdict, "")),
                                  (" (adjudication)" if is_adjudication(r) else "", "bold")) for r in reviews])
    row("answer", [Text(_answer_of(r)) for r in reviews])
    row("rationale", [Text(r.rationale or "-", style="italic" if r.rationale else "dim") for r in reviews])
    row("blind", [Text("yes" if r.blind else "no") for r in reviews])
    evidence: list[RenderableType] = []  # the reply each reviewer gave solving the task, and how it scored
    for r in reviews:
        ep = episodes.get(r.episode_id or "")
        if ep is None:
            evidence.append(Text("-", style="dim"))
        else:
            evidence.append(Text.assemble(ep.final_answer or "(no answer)", "\n", episode_summary(ep)))
    row("solved as", evidence)
    row("when", [Text(_when(r.created_at), style="dim") for r in reviews])
    parts.append(_block("Reviews", table))
    if i is not None:
        parts.append(_block("Query", Text(i.query)))
        if i.solution is not None:
            parts.append(_block("Oracle's solution", solution_renderable(i, dark=dark)))
    return Group(*parts)


def format_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_detail(record: dict[str, Any], obj: SObject | None, *, complete: bool,
                  selected: dict[str, Any] | None = None) -> Group:
    """A record's fields, coloured by sensitivity; schema order, then any fields the schema lacks.

    `selected` is the row as the query returned it: its parent fields (`Account.Name`) and child rows are
    shown after the record's own fields.
    """
    rtype = (record.get("attributes") or {}).get("type") or (obj.name if obj else "record")
    title = Text.assemble((str(rtype), "bold"), "  ", (str(record.get("Id") or ""), "dim"))
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("mark", width=1, no_wrap=True)
    table.add_column("field", no_wrap=True, ratio=None)
    table.add_column("value", ratio=1, overflow="fold")
    flat: dict[str, Any] = {}
    flatten_for_detail(record, "", flat)
    if selected:
        extra: dict[str, Any] = {}
        flatten_for_detail(selected, "", extra)
        for key, value in extra.items():
            flat.setdefault(key, value)
    names = list(obj.fields) if obj is not None and complete else []
    names += [k for k in flat if k not in names]
    for name in names:
        f = obj.field(name.split(".")[0]) if obj is not None else None
        sens = f.sensitivity if f is not None and "." not in name else "public"
        style = sensitivity_style(sens)
        value = flat.get(name)
        shown = Text(format_value(value), style="dim italic" if value is None else "")
        table.add_row(Text(_SENSITIVITY_MARKS.get(sens, " "), style=style), Text(name, style=style or "bold"), shown)
    note = Text("every field (GET /sobjects)" if complete else "the selected fields (loading every field…)",
                style="dim")
    return Group(title, Text.assemble(sensitivity_legend(), note), Text(""), table)


def flatten_for_detail(record: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    """A record's fields into `out` by dotted path (parent fields inlined, child lists as a record count)."""
    for key, value in record.items():
        if key == "attributes":
            continue
        if isinstance(value, dict) and "records" in value and "totalSize" in value:
            out[prefix + key] = f"[{value['totalSize']} records]"
        elif isinstance(value, dict):
            flatten_for_detail(value, prefix + key + ".", out)
        else:
            out[prefix + key] = value


def field_detail(schema: OrgSchema, obj: SObject, f: Field | None) -> Group:
    """A schema-browser entry: an object's summary or one field's type, sensitivity and description."""
    if f is None:
        children = schema.child_relationships(obj.name)
        lines: list[RenderableType] = [
            Text.assemble((obj.name, "bold"),
                          f"  {obj.label} · key prefix {obj.key_prefix} · {len(obj.fields)} fields"),
        ]
        if obj.name_field:
            lines.append(Text(f"name field: {obj.name_field}", style="dim"))
        if children:
            lines.append(Text("children: " + ", ".join(f"{rel} ({child.name})" for rel, child, _f in children),
                              style="dim"))
        return Group(*lines)
    style = sensitivity_style(f.sensitivity)
    lines = [
        Text.assemble((f"{obj.name}.{f.name}", "bold"), "  ", (f.type, "italic"), "  ",
                      (f.sensitivity, style or "dim")),
        Text(f.description or "(no description)"),
    ]
    if f.reference_to:
        lines.append(Text(f"→ {'/'.join(f.reference_to)} via {f.relationship_name}"
                          + (f"; children: {f.child_relationship}" if f.child_relationship else ""), style="dim"))
    if f.values:
        lines.append(Text("values: " + ", ".join(f.values), style="dim"))
    if not f.filterable:
        lines.append(Text("long text: cannot be filtered in WHERE", style="dim"))
    return Group(*lines)
