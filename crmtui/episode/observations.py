"""Observations: what a tool call gives back, as the agent sees it and as the app shows it.

CRMArena shows query results to agents as the Python repr of a list of dicts, records without their
`attributes`, columns that are null in every record dropped, and (in the ReAct chat protocol) the prefix
"Salesforce instance output: ". Salesforce errors read `ERROR_CODE: message`. The app and the judge need more:
the records as the API returned them (with `attributes`, so every value's object and field are known), the
error code, the record count. An `Observation` carries both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: The prefix of query results in the ReAct chat protocol.
PREFIX = "Salesforce instance output: "

_FENCE = re.compile(r"^\s*```[A-Za-z]*[ \t]*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


def strip_attributes(value: Any) -> Any:
    """`value` with every `attributes` key removed, at any depth; nested query results become their records."""
    if isinstance(value, dict):
        if isinstance(value.get("records"), list) and "totalSize" in value:
            return [strip_attributes(r) for r in value["records"]]
        return {k: strip_attributes(v) for k, v in value.items() if k != "attributes"}
    if isinstance(value, list):
        return [strip_attributes(v) for v in value]
    return value


def agent_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records as CRMArena shows them: no `attributes`, and no column that is null in every record."""
    rows = [strip_attributes(r) for r in records]
    if not rows:
        return rows
    keys: list[str] = []
    for row in rows:
        for k in row:
            if k not in keys:
                keys.append(k)
    empty = {k for k in keys if all(row.get(k) is None for row in rows)}
    return [{k: v for k, v in row.items() if k not in empty} for row in rows]


def format_value(value: Any) -> str:
    """A tool result as text for the agent: Python repr for records and containers, the text itself for strings."""
    if isinstance(value, str):
        return value
    return repr(value)


def format_error(error_code: str, message: str) -> str:
    """A Salesforce error as CRMArena shows it: `ERROR_CODE: message`."""
    return f"{error_code}: {message}"


def clean_query(text: str) -> str:
    """A query as the agent wrote it, minus markdown code fences and with runs of whitespace outside string
    literals collapsed to one space (as CRMArena's connector does before sending it)."""
    match = _FENCE.match(text)
    if match:
        text = match.group(1)
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "`":
        text = text[1:-1].strip()
    out: list[str] = []
    quote = False
    escaped = False
    space = False
    for ch in text:
        if quote:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == "'":
                quote = False
            continue
        if ch.isspace():
            space = True
            continue
        if space and out:
            out.append(" ")
        space = False
        out.append(ch)
        if ch == "'":
            quote = True
    return "".join(out)


@dataclass
class Observation:
    """The result of one tool call.

    `text` is what the agent is shown (without the ReAct prefix); `records` the REST records the call retrieved
    (with `attributes`); `value` a function tool's result (JSON-able); `error` the error text when the call failed
    (`error_code` for Salesforce errors).
    """

    text: str
    records: list[dict[str, Any]] = field(default_factory=list)
    value: Any = None
    error: str | None = None
    error_code: str | None = None
    total_size: int | None = None
    query: str | None = None  # the SOQL/SOSL actually sent, when there was one

    @property
    def ok(self) -> bool:
        return self.error is None

    def for_agent(self, prefix: bool = True) -> str:
        return (PREFIX if prefix else "") + self.text

    def rows(self) -> list[dict[str, Any]]:
        """Records as the agent sees them (see agent_rows)."""
        return agent_rows(self.records)

    def to_json(self) -> dict[str, Any]:
        """The stored form: records with `attributes` (the app shows objects and sensitivity from them)."""
        data: dict[str, Any] = {"text": self.text}
        if self.records:
            data["records"] = self.records
        if self.value is not None:
            data["value"] = self.value
        if self.total_size is not None:
            data["total_size"] = self.total_size
        if self.query is not None:
            data["query"] = self.query
        if self.error_code is not None:
            data["error_code"] = self.error_code
        return data

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], total_size: int | None = None,
                     query: str | None = None) -> Observation:
        return cls(text=repr(agent_rows(records)), records=records,
                   total_size=len(records) if total_size is None else total_size, query=query)

    @classmethod
    def from_error(cls, error_code: str | None, message: str, query: str | None = None) -> Observation:
        text = format_error(error_code, message) if error_code else message
        return cls(text=text, error=text, error_code=error_code, query=query)


def record_types(records: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The objects of REST records, compactly: `{"type": "Case" | [per-record types], "nested": {path: type}}`.

    Stored with the agent-visible rows (which have no `attributes`), so the objects of every value can be
    restored later (re-scoring, the app's sensitivity colours) with `with_types`.
    """
    rows = list(records)
    if not rows:
        return None
    types = [(r.get("attributes") or {}).get("type") for r in rows]
    nested: dict[str, str] = {}

    def walk(record: dict[str, Any], prefix: str) -> None:
        for key, value in record.items():
            if isinstance(value, dict) and isinstance(value.get("attributes"), dict):
                path = f"{prefix}{key}"
                nested.setdefault(path, value["attributes"].get("type"))
                walk(value, path + ".")

    for row in rows:
        walk(row, "")
    return {"type": types[0] if len(set(types)) == 1 else types, "nested": nested}


def with_types(rows: list[Any], types: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Agent-visible rows with `attributes.type` restored from `record_types` (rows that are not dicts dropped)."""
    if not types:
        return [r for r in rows if isinstance(r, dict)]
    per_row = types.get("type")
    nested = types.get("nested") or {}
    out = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        kind = per_row[n] if isinstance(per_row, list) and n < len(per_row) else per_row
        out.append(_typed(row, kind if isinstance(kind, str) else None, nested, ""))
    return out


def _typed(row: dict[str, Any], kind: str | None, nested: dict[str, str], prefix: str) -> dict[str, Any]:
    record: dict[str, Any] = {"attributes": {"type": kind}} if kind else {}
    for key, value in row.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path in nested:
            record[key] = _typed(value, nested[path], nested, path + ".")
        else:
            record[key] = value
    return record
