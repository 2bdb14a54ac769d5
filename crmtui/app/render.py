"""Rich renderables for the app's panes (no Textual here): task detail, record detail, schema entries."""

from __future__ import annotations

import inspect
import json
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crmtui.org.schema import Field, OrgSchema, SObject
from crmtui.tasks.model import TaskInstance

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


def task_detail(i: TaskInstance, *, blind: bool, dark: bool = True) -> Group:
    """Everything a person needs to judge a task: query, context, persona, gold and the oracle's solution."""
    parts: list[RenderableType] = [
        Text.assemble((i.id, "bold"), (f"  idx {i.idx}", "dim")),
        Text(f"{i.task} · {i.suite} · org {i.org} · {i.domain} · {i.skill} · {i.audience} · {i.reward_metric} · "
             f"answer: {i.answer_kind}", style="dim"),
        Text(""),
        _block("Query", Text(i.query)),
    ]
    if i.persona:
        parts.append(_block("Persona", Text(i.persona)))
    parts.append(_block("Context (metadata.required)", Text(inspect.cleandoc(i.required) or "(none)")))
    if blind:
        parts.append(_block("Gold answer", Text("hidden: blind mode (press b to show)", style="italic dim")))
    else:
        parts.append(_block("Gold answer", Text(answer_text(i.answer), style="bold"), style="bold green"))
    if i.reveal:
        parts.append(_block("Reveal (scripted user, turn by turn)",
                            Text("\n".join(f"{n}. {r}" for n, r in enumerate(i.reveal, 1)))))
    if i.solution is not None:
        if blind:
            parts.append(_block("Reference solution", Text("hidden: blind mode", style="italic dim")))
        else:
            sol = i.solution
            body: list[RenderableType] = []
            for n, q in enumerate(sol.queries, 1):
                body.append(Text(f"query {n}", style="dim"))
                body.append(soql_text(q, dark=dark))
            derive = sol.derive + (f" {json.dumps(sol.params, ensure_ascii=False)}" if sol.params else "")
            body.append(Text.assemble(("derive: ", "dim"), derive or "-"))
            body.append(Text.assemble(("answer: ", "dim"), ", ".join("None" if a is None else a for a in sol.answer)))
            parts.append(_block("Reference solution (press e to open it in the workbench)", Group(*body)))
    if i.optional.strip():
        parts.append(_block("Domain details (metadata.optional)", Text(inspect.cleandoc(i.optional), style="dim")))
    if i.source:
        parts.append(Text("source: " + ", ".join(f"{k} {v}" for k, v in i.source.items()), style="dim"))
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
    _flat_for_detail(record, "", flat)
    if selected:
        extra: dict[str, Any] = {}
        _flat_for_detail(selected, "", extra)
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


def _flat_for_detail(record: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in record.items():
        if key == "attributes":
            continue
        if isinstance(value, dict) and "records" in value and "totalSize" in value:
            out[prefix + key] = f"[{value['totalSize']} records]"
        elif isinstance(value, dict):
            _flat_for_detail(value, prefix + key + ".", out)
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
