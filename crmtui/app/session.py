"""The workbench's view of an org, without Textual: open it, run SOQL/SOSL, page, fetch records, history.

Everything here runs in worker threads; results come back as plain data (`QueryResult`) that the screens
turn into widgets. Errors are Salesforce errors (`SalesforceError`: errorCode + message) for queries, and
`CrmtuiError`s for orgs that cannot be built or opened.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmtui.errors import CrmtuiError

__all__ = ["ChildRows", "OrgSession", "QueryHistory", "QueryResult", "flatten_records", "record_json"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ChildRows:
    """A child-relationship subquery result inside a record (`Contacts: {totalSize, records}`)."""

    total: int
    records: tuple[dict[str, Any], ...]

    def __str__(self) -> str:
        return f"[{self.total} record{'s' * (self.total != 1)}]"


@dataclass
class QueryResult:
    """One query's answer, flattened for a grid: columns, rows of raw values, and the records they came from."""

    query: str
    sosl: bool
    columns: list[str]
    rows: list[tuple[Any, ...]]
    records: list[dict[str, Any]]
    total_size: int
    next_url: str | None
    seconds: float
    count_only: bool = False  # SELECT COUNT(): no records, only totalSize
    objects: list[str] = field(default_factory=list)  # record types seen, in order

    @property
    def done(self) -> bool:
        return self.next_url is None


def _flatten(record: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in record.items():
        if key == "attributes":
            continue
        name = prefix + key
        if isinstance(value, dict):
            if "records" in value and "totalSize" in value:
                out[name] = ChildRows(int(value["totalSize"]), tuple(value.get("records") or ()))
            else:
                _flatten(value, name + ".", out)
        else:
            out[name] = value


def flatten_records(records: list[dict[str, Any]], columns: list[str] | None = None
                    ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns (in select order, `Account.Name` for parent fields) and one tuple of values per record.

    Pass the columns of an earlier page to keep them (new columns are appended).
    """
    flat = []
    order: dict[str, None] = dict.fromkeys(columns or ())
    for rec in records:
        row: dict[str, Any] = {}
        _flatten(rec, "", row)
        flat.append(row)
        for key in row:
            order.setdefault(key, None)
    cols = list(order)
    # a relationship that is null on some records ("Account": None) next to its fields ("Account.Name")
    dotted = {c.split(".", 1)[0] for c in cols if "." in c}
    cols = [c for c in cols if not (c in dotted and all(r.get(c) is None for r in flat))]
    return cols, [tuple(r.get(c) for c in cols) for r in flat]


def record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, default=str)


class OrgSession:
    """An embedded org opened for the workbench: its schema, clock and backend."""

    def __init__(self, kind: str, path: Path, backend: Any, schema: Any, now: str,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.kind = kind
        self.path = path
        self.backend = backend
        self.schema = schema
        self.now = now
        self.clock = clock

    @classmethod
    def open(cls, kind: str, path: Path | str | None = None, progress: Progress | None = None,
             clock: Callable[[], float] = time.perf_counter) -> OrgSession:
        """Open the default org of `kind` (built on first use, reporting `progress`) or the dump at `path`."""
        from crmtui.org.backends import EmbeddedBackend
        from crmtui.org.soql.engine import Engine

        if path is None:
            from crmtui.org.spec import parse_org_spec

            path = parse_org_spec(f"embedded:{kind}").dump_path(progress)
        engine = Engine.open(Path(path))
        backend = EmbeddedBackend(engine, name=f"embedded:{engine.schema.kind}")
        # the first query builds the SOQL parser (about a second): do it now, while the org is "opening"
        first = next(iter(engine.schema.objects), None)
        if first is not None:
            from crmtui.org.errors import SalesforceError

            with contextlib.suppress(SalesforceError):
                backend.query(f"SELECT Id FROM {first} LIMIT 1")
        return cls(engine.schema.kind, Path(path), backend, engine.schema, backend.now, clock)

    def run(self, text: str) -> QueryResult:
        """Run SOQL (first batch) or SOSL; raises SalesforceError."""
        from crmtui.org.soql import is_sosl

        text = text.strip()
        sosl = is_sosl(text)
        start = self.clock()
        answer = self.backend.search(text) if sosl else self.backend.query(text)
        seconds = self.clock() - start
        if sosl:
            records = list(answer.get("searchRecords") or [])
            total, next_url = len(records), None
        else:
            records = list(answer.get("records") or [])
            total, next_url = int(answer.get("totalSize", len(records))), answer.get("nextRecordsUrl")
        count_only = not sosl and not records and total > 0 and not next_url
        columns, rows = flatten_records(records)
        if count_only:
            columns, rows = ["COUNT()"], [(total,)]
        objects = list(dict.fromkeys(str((r.get("attributes") or {}).get("type", "")) for r in records))
        return QueryResult(text, sosl, columns, rows, records, total, next_url, seconds, count_only,
                           [o for o in objects if o])

    def more(self, previous: QueryResult) -> QueryResult:
        """The next batch of a SOQL result, with the previous result's columns."""
        if previous.next_url is None:
            raise CrmtuiError("every row is already loaded")
        start = self.clock()
        answer = self.backend.query_more(previous.next_url)
        seconds = self.clock() - start
        records = list(answer.get("records") or [])
        columns, rows = flatten_records(records, previous.columns)
        return QueryResult(previous.query, False, columns, rows, records, int(answer.get("totalSize", 0)),
                           answer.get("nextRecordsUrl"), seconds, False, previous.objects)

    def record(self, sobject: str, record_id: str) -> dict[str, Any]:
        """Every field of one record (`GET /sobjects/<object>/<id>`)."""
        return self.backend.get(sobject, record_id)

    def object_of(self, record_id: str) -> str | None:
        """The object an Id belongs to, from its key prefix."""
        if not isinstance(record_id, str) or len(record_id) not in (15, 18):
            return None
        obj = self.schema.by_prefix(record_id[:3])
        return obj.name if obj else None


class QueryHistory:
    """Queries run in the workbench, newest last, kept in `$CRMTUI_HOME/history/queries.jsonl`."""

    LIMIT = 500

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from crmtui.home import crmtui_home

            path = crmtui_home() / "history" / "queries.jsonl"
        self.path = path
        self.entries: list[dict[str, str]] = []
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for line in lines[-self.LIMIT:]:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("query"), str):
                self.entries.append({"org": str(entry.get("org", "")), "query": entry["query"]})

    def queries(self, org: str | None = None) -> list[str]:
        """Distinct queries, newest last (of one org if given)."""
        seen: dict[str, None] = {}
        for e in self.entries:
            if org is None or e["org"] == org:
                seen.pop(e["query"], None)
                seen[e["query"]] = None
        return list(seen)

    def add(self, org: str, query: str) -> None:
        query = query.strip()
        if not query or (self.entries and self.entries[-1] == {"org": org, "query": query}):
            return
        self.entries.append({"org": org, "query": query})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"org": org, "query": query}, ensure_ascii=False) + "\n")
        except OSError:
            pass  # history is a convenience: a read-only home must not break the workbench
