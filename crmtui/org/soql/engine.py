"""The embedded SOQL/SOSL engine over one org dump, answering with Salesforce REST JSON.

    engine = Engine.open("org.db")                  # read-only; clock from the dump's `_org` table
    engine.query("SELECT Id, Account.Name FROM Case LIMIT 2")
    -> {"totalSize": 2, "done": True, "records": [{"attributes": {...}, "Id": "500...", "Account": {...}}]}

Errors are `crmtui.org.errors.SalesforceError` with Salesforce's errorCode and message.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from crmtui.errors import CrmtuiError
from crmtui.org.errors import CUSTOM_FIELD_HINT, SalesforceError, not_found
from crmtui.org.ids import InvalidIdError, encode_base62, to18
from crmtui.org.schema import ORG_KINDS, OrgSchema, load_schema
from crmtui.org.soql.compiler import ChildPlan, Plan, RecShape, compile_query, converter
from crmtui.org.soql.dates import OrgClock
from crmtui.org.soql.model import OrgModel, detect_kind, quote
from crmtui.org.soql.parser import parse_soql

DEFAULT_API_VERSION = "59.0"
BATCH_SIZE = 2000
_MAX_CURSORS = 64
_CHUNK = 2000  # parent Ids bound per child query (a page holds at most 2,000 parents)


class OrgOpenError(CrmtuiError):
    """A dump cannot be opened as an org (missing file, unknown kind, no clock)."""


@lru_cache(maxsize=4096)
def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


@lru_cache(maxsize=256)
def _like_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _sf_like(value: Any, pattern: str) -> int | None:
    if value is None:
        return None
    return 1 if _like_regex(pattern.casefold()).fullmatch(str(value).casefold()) else 0


def register_functions(conn: sqlite3.Connection) -> None:
    """The two UDFs the compiled SQL may use for non-ASCII case-insensitive matching."""
    conn.create_function("sf_fold", 1, _fold, deterministic=True)
    conn.create_function("sf_like", 2, _sf_like, deterministic=True)


@dataclass
class _Cursor:
    """An open result beyond its first batch: the SQLite cursor and the rows fetched but not served."""

    plan: Plan
    total: int
    cursor: sqlite3.Cursor | None
    buffer: list[tuple]
    buffer_start: int  # row index of buffer[0] (= rows consumed from `cursor` before the buffer)
    api_version: str
    endpoint: str

    def close(self) -> None:
        if self.cursor is not None:
            self.cursor.close()
            self.cursor = None


def _sqlite_error(exc: sqlite3.Error) -> SalesforceError:
    text = str(exc)
    if any(w in text for w in ("too many", "too large", "too deep", "stack overflow", "too complex")):
        return SalesforceError("QUERY_TOO_COMPLICATED", f"Query is too complicated: {text}")
    return SalesforceError("UNKNOWN_EXCEPTION", f"An unexpected error occurred: {text}", status=500)


class Engine:
    """SOQL/SOSL over one open dump connection. Thread-safe (one lock around the connection)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        schema: OrgSchema,
        clock: OrgClock,
        *,
        api_version: str = DEFAULT_API_VERSION,
        path: Path | None = None,
    ) -> None:
        self.conn = conn
        self.schema = schema
        self.clock = clock
        self.api_version = api_version
        self.path = path
        self.model = OrgModel.from_connection(conn, schema)
        register_functions(conn)
        self._lock = threading.RLock()
        self._plans: OrderedDict[tuple[str, bool], Plan] = OrderedDict()
        self._cursors: OrderedDict[str, _Cursor] = OrderedDict()
        self._seq = itertools.count(1)
        self._search = None  # lazily created SearchIndex
        self._search_plans: OrderedDict[str, Any] = OrderedDict()

    # -- opening
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        kind: str | None = None,
        now: str | None = None,
        fiscal_start_month: int = 1,
        api_version: str = DEFAULT_API_VERSION,
    ) -> Engine:
        """Open a dump read-only. `kind` and `now` default to the dump's `_org` meta; an official
        CRMArena dump (no `_org`) needs `now` and has its kind detected from its tables."""
        path = Path(path)
        if not path.is_file():
            raise OrgOpenError(f"{path}: no such org dump")
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA mmap_size = 268435456")
            meta = _read_meta(conn)
        except sqlite3.DatabaseError as exc:
            raise OrgOpenError(f"{path}: not an SQLite org dump ({exc})") from exc
        kind = kind or meta.get("kind")
        if kind is None:
            kind = detect_kind(conn, {k: load_schema(k) for k in ORG_KINDS})
        if kind not in ORG_KINDS:
            conn.close()
            raise OrgOpenError(f"{path}: unknown org kind {kind!r}")
        now = now or meta.get("now")
        if not now:
            conn.close()
            raise OrgOpenError(f"{path}: the dump has no clock; pass now (e.g. the task's \"Today's date\")")
        try:
            clock = OrgClock.parse(now, fiscal_start_month)
        except ValueError as exc:
            conn.close()
            raise OrgOpenError(f"{path}: {exc}") from exc
        return cls(conn, load_schema(kind), clock, api_version=api_version, path=path)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    # -- planning
    def plan(self, soql: str, include_deleted: bool = False) -> Plan:
        key = (soql, include_deleted)
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.move_to_end(key)
            return plan
        tree = parse_soql(soql)
        try:
            plan = compile_query(self.model, self.clock, soql, tree, include_deleted=include_deleted)
        except RecursionError:
            raise SalesforceError("MALFORMED_QUERY", "query is too deeply nested") from None
        self._plans[key] = plan
        if len(self._plans) > 512:
            self._plans.popitem(last=False)
        return plan

    def _execute(self, sql: str, params: tuple | list) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _sqlite_error(exc) from None
        except (OverflowError, RecursionError, MemoryError) as exc:
            raise SalesforceError("QUERY_TOO_COMPLICATED", f"Query is too complicated: {exc}") from None

    # -- query
    def query(
        self,
        soql: str,
        *,
        include_deleted: bool = False,
        api_version: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> dict[str, Any]:
        """The REST answer of `/query` (or `/queryAll` with include_deleted): first batch and a cursor."""
        if not isinstance(soql, str):
            raise SalesforceError("MALFORMED_QUERY", "query must be a string")
        version = api_version or self.api_version
        batch_size = max(200, min(BATCH_SIZE, batch_size))
        with self._lock:
            plan = self.plan(soql, include_deleted)
            if plan.mode == "count":
                rows = self._execute(plan.sql, plan.params)
                total = rows[0][0] - (plan.offset or 0)
                total = max(0, min(total, plan.limit) if plan.limit is not None else total)
                return {"totalSize": total, "done": True, "records": []}
            endpoint = "query" if not include_deleted else "queryAll"
            try:
                cur = self.conn.execute(plan.sql, plan.params)
                rows = cur.fetchmany(batch_size + 1)
                if len(rows) <= batch_size:
                    cur.close()
                    return self._answer(plan, rows, len(rows), 0, version, None)
                total = self.conn.execute(f"SELECT COUNT(*) FROM ({plan.sql})", plan.params).fetchone()[0]
            except sqlite3.Error as exc:
                raise _sqlite_error(exc) from None
            except (OverflowError, RecursionError, MemoryError) as exc:
                raise SalesforceError("QUERY_TOO_COMPLICATED", f"Query is too complicated: {exc}") from None
            locator = self._new_locator()
            self._cursors[locator] = _Cursor(plan, total, cur, rows[batch_size:], batch_size, version, endpoint)
            while len(self._cursors) > _MAX_CURSORS:
                self._cursors.popitem(last=False)[1].close()
            return self._answer(plan, rows[:batch_size], total, 0, version, locator)

    def _answer(self, plan: Plan, page: list[tuple], total: int, start: int, version: str,
                locator: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {"totalSize": total, "done": start + len(page) >= total}
        if not out["done"] and locator is not None:
            out["nextRecordsUrl"] = f"/services/data/v{version}/query/{locator}-{start + len(page)}"
        out["records"] = self._shape(plan, page, version)
        return out

    def _rows(self, c: _Cursor, start: int, count: int) -> list[tuple]:
        """Rows [start, start + count) of an open result, re-running the query if asked to go back."""
        try:
            if c.cursor is None or start < c.buffer_start:
                c.close()
                c.cursor = self.conn.execute(c.plan.sql, c.plan.params)
                c.buffer, c.buffer_start = [], 0
            if start > c.buffer_start + len(c.buffer):  # skip ahead
                skip = start - c.buffer_start - len(c.buffer)
                while skip > 0:
                    got = c.cursor.fetchmany(min(skip, 5000))
                    if not got:
                        break
                    skip -= len(got)
                c.buffer, c.buffer_start = [], start
            rows = c.buffer[start - c.buffer_start :]
            if len(rows) < count:
                rows += c.cursor.fetchmany(count - len(rows))
            rows = rows[:count]
        except sqlite3.Error as exc:
            raise _sqlite_error(exc) from None
        c.buffer, c.buffer_start = [], start + len(rows)
        return rows

    def _new_locator(self) -> str:
        return to18("01g" + "Em" + encode_base62(next(self._seq), 10))

    def query_more(self, locator: str, *, api_version: str | None = None, batch_size: int = BATCH_SIZE
                   ) -> dict[str, Any]:
        """The next batch for a `nextRecordsUrl` locator (`01g...-2000`) or a full nextRecordsUrl."""
        ident = locator.rstrip("/").rsplit("/", 1)[-1]
        m = re.fullmatch(r"([0-9A-Za-z]{15,18})-(\d+)", ident)
        with self._lock:
            c = self._cursors.get(m.group(1)) if m else None
            if c is None or m is None:
                raise SalesforceError("INVALID_QUERY_LOCATOR", "invalid query locator")
            if c.plan.mode == "aggregate":
                raise SalesforceError(
                    "EXCEEDED_ID_LIMIT",
                    "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single "
                    "batch",
                )
            start = min(int(m.group(2)), c.total)
            batch = max(200, min(BATCH_SIZE, batch_size))
            page = self._rows(c, start, batch)
            out = self._answer(c.plan, page, c.total, start, api_version or c.api_version, m.group(1))
            if out["done"]:
                self._cursors.pop(m.group(1), None)
                c.close()
            return out

    def query_all(self, soql: str, *, include_deleted: bool = False, api_version: str | None = None
                  ) -> dict[str, Any]:
        """Every record in one answer (what simple-salesforce's query_all assembles)."""
        result = self.query(soql, include_deleted=include_deleted, api_version=api_version)
        records = list(result["records"])
        while not result["done"]:
            result = self.query_more(result["nextRecordsUrl"], api_version=api_version)
            records.extend(result["records"])
        return {"totalSize": result["totalSize"], "done": True, "records": records}

    # -- shaping
    def _shape(self, plan: Plan, rows: list[tuple], version: str) -> list[dict[str, Any]]:
        if plan.mode == "aggregate":
            make = plan.shape.make  # type: ignore[union-attr]
            return [make(r) for r in rows]
        url_base = f"/services/data/v{version}/sobjects/"
        shape = plan.shape
        assert isinstance(shape, RecShape)
        kids = self._children(plan.children, [r[shape.id_idx] for r in rows], url_base) if plan.children else []
        type_of = self.model.type_of_id
        build = shape.builder()
        return [build(r, url_base, type_of, kids) for r in rows]

    def _children(self, plans: list[ChildPlan], parent_ids: list[str], url_base: str) -> list[dict]:
        out = []
        ids = [i for i in parent_ids if i is not None]
        for cp in plans:
            rows: list[tuple] = []
            for k in range(0, len(ids), _CHUNK):
                chunk = ids[k : k + _CHUNK]
                sql = f"{cp.head}({', '.join('?' * len(chunk))}){cp.tail}"
                rows += self._execute(sql, [*chunk, *cp.params])
            grand = self._children(cp.children, [r[cp.shape.id_idx] for r in rows], url_base) if cp.children else []
            by_parent: dict[str, list] = {}
            type_of = self.model.type_of_id
            build = cp.shape.builder()
            pid_idx = cp.pid_idx
            for r in rows:
                by_parent.setdefault(r[pid_idx], []).append(build(r, url_base, type_of, grand))
            out.append(
                {pid: {"totalSize": len(recs), "done": True, "records": recs} for pid, recs in by_parent.items()}
            )
        return out

    # -- records
    def get(self, sobject: str, record_id: str, fields: list[str] | None = None, *,
            api_version: str | None = None) -> dict[str, Any]:
        """`GET /sobjects/<object>/<id>`: the record with all (or the requested) fields."""
        obj = self.model.obj(sobject)
        if obj is None:
            raise not_found()
        try:
            rid = to18(record_id)
        except InvalidIdError:
            raise not_found(f"Provided external ID field does not exist or is not accessible: {record_id}") from None
        if rid[:3] != obj.key_prefix:
            raise not_found()
        if fields:
            chosen = []
            for name in fields:
                fm = obj.field(name.strip())
                if fm is None:
                    raise SalesforceError(
                        "INVALID_FIELD", f"No such column '{name.strip()}' on entity '{obj.name}'. {CUSTOM_FIELD_HINT}"
                    )
                chosen.append(fm)
        else:
            chosen = list(obj.fields.values())
        cols = ", ".join(fm.sql("t0") for fm in chosen)
        with self._lock:
            rows = self._execute(f"SELECT t0.\"Id\", {cols} FROM {quote(obj.table)} t0 WHERE t0.\"Id\" = ?", (rid,))
        if not rows:
            raise not_found()
        row = rows[0]
        version = api_version or self.api_version
        rec: dict[str, Any] = {
            "attributes": {"type": obj.name, "url": f"/services/data/v{version}/sobjects/{obj.name}/{row[0]}"}
        }
        for i, fm in enumerate(chosen, start=1):
            conv: Callable | None = converter(fm.type)
            rec[fm.name] = conv(row[i]) if conv else row[i]
        return rec

    # -- search
    def search(self, sosl: str, *, api_version: str | None = None) -> dict[str, Any]:
        """`GET /search?q=`: `{"searchRecords": [...]}`."""
        from crmtui.org.sosl import run_search

        if not isinstance(sosl, str):
            raise SalesforceError("MALFORMED_SEARCH", "search must be a string")
        with self._lock:
            return run_search(self, sosl, api_version or self.api_version)

    def search_plan(self, sosl: str):
        """The compiled SOSL statement (cached by text, like SOQL plans)."""
        from crmtui.org.sosl import compile_search

        plan = self._search_plans.get(sosl)
        if plan is None:
            try:
                plan = compile_search(self, sosl)
            except RecursionError:
                raise SalesforceError("MALFORMED_SEARCH", "search is too deeply nested") from None
            self._search_plans[sosl] = plan
            if len(self._search_plans) > 256:
                self._search_plans.popitem(last=False)
        else:
            self._search_plans.move_to_end(sosl)
        return plan

    def search_index(self):
        from crmtui.org.search_index import SearchIndex

        if self._search is None:
            self._search = SearchIndex.attach(self.conn, self.schema, self.model)
        return self._search

    # -- describe
    def describe(self, sobject: str, *, api_version: str | None = None) -> dict[str, Any]:
        from crmtui.org.rest import describe_sobject

        obj = self.model.obj(sobject)
        if obj is None:
            raise not_found()
        return describe_sobject(self.model, obj, api_version or self.api_version)

    def describe_global(self, *, api_version: str | None = None) -> dict[str, Any]:
        from crmtui.org.rest import describe_global

        return describe_global(self.model, api_version or self.api_version)


def _read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_org'").fetchone()
    if not exists:
        return {}
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM _org")}
