"""Toolsets: the actions an agent has, with JSON-schema specs for function calling.

- `react`: `execute` (a SOQL query, or SOSL when it starts with FIND) and `respond` (the answer, or a question to
  the user in multi-turn play) — CRMArena's ReAct action space.
- `functions`: CRMArena's function-calling tools (reference §3.4), reimplemented on the backend interface so they
  run against the embedded org and a real org alike, plus `respond`, plus the raw `issue_soql_query` and
  `issue_sosl_query` of its "flexible" set. `functions-fixed` leaves the two raw query tools out.

Defects of the reference tools that are fixed here:
- `search_knowledge_articles` requires `search_term` (the reference schema required a non-existent `keywords`),
  and search terms are escaped for SOSL (an apostrophe no longer breaks the search);
- dates are accepted as `YYYY-MM-DD` or as any Salesforce datetime (`...Z`, `...+0000`, with or without
  milliseconds) everywhere; the reference documented one format and parsed another (`get_purchase_history`);
- periods are half-open `[start, end)` in every tool, matching `get_period`, whose end is the first instant of the
  next period (the reference mixed `<` and `<=`);
- Id lists are quoted and escaped properly (the reference pasted Python tuples, broken for one-element lists);
- cases without a closed date or an account are skipped instead of failing the whole call; an empty input gives an
  empty result instead of an error; `get_account_id_by_contact_id` returns null when nothing is found;
- `get_cases` also returns each case's `Id` and `Status`, so its results combine with the other tools;
- fields are only selected (and knowledge filters only applied) when the org has them (describe), so the tools
  work on orgs whose schema differs from the original (e.g. `ToIds` instead of `ToAddress`).
Argument problems (missing, unknown or mistyped arguments, invalid JSON) come back as `Error: ...` observations,
Salesforce errors as `ERROR_CODE: message`.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from crmtui.episode.observations import Observation, agent_rows, clean_query, format_value
from crmtui.org.errors import SalesforceError

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
RESPOND = "respond"


class ToolArgumentError(ValueError):
    """A tool was called with arguments it cannot use; the message is shown to the agent."""


# --- helpers ---------------------------------------------------------------------------------------------------

def parse_when(value: Any, name: str = "date") -> datetime:
    """A date or Salesforce datetime string as an aware UTC datetime."""
    if not isinstance(value, str) or not value.strip():
        raise ToolArgumentError(f"{name} must be a date 'YYYY-MM-DD' or datetime 'YYYY-MM-DDTHH:MM:SSZ'")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" not in text[-5:]:
        text = text[:-2] + ":" + text[-2:]  # +0000 -> +00:00
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ToolArgumentError(f"{name} {value!r} is not a date 'YYYY-MM-DD' or datetime "
                                "'YYYY-MM-DDTHH:MM:SSZ'") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def soql_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def soql_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def soql_in(values: Sequence[str]) -> str:
    return "(" + ", ".join(soql_string(v) for v in values) + ")"


_SOSL_RESERVED = set("?&|!{}[]()^~*:\\\"'+-")


def sosl_escape(term: str) -> str:
    """A search term with SOSL's reserved characters backslash-escaped."""
    return "".join("\\" + ch if ch in _SOSL_RESERVED else ch for ch in term)


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ToolArgumentError(f"{name} must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ToolArgumentError(f"{name} must be an integer (got {value!r})")


def _as_list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ToolArgumentError(f"{name} must be a list")
    return value


def _str_list(value: Any, name: str) -> list[str]:
    items = _as_list(value, name)
    if not all(isinstance(v, str) for v in items):
        raise ToolArgumentError(f"every item of {name} must be a string")
    return items


def _records_arg(value: Any, name: str, required: Sequence[str] = ()) -> list[dict[str, Any]]:
    items = _as_list(value, name)
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ToolArgumentError(f"{name}[{n}] must be an object (a record)")
        for key in required:
            if key not in item:
                raise ToolArgumentError(f"{name}[{n}] has no {key!r} field")
    return items


def _window(start_date: Any, end_date: Any) -> tuple[str, str]:
    start, end = parse_when(start_date, "start_date"), parse_when(end_date, "end_date")
    if end < start:
        raise ToolArgumentError("end_date is before start_date")
    return soql_datetime(start), soql_datetime(end)


def _span_seconds(record: dict[str, Any]) -> float | None:
    created, closed = record.get("CreatedDate"), record.get("ClosedDate")
    if not created or not closed:
        return None
    return (parse_when(closed, "ClosedDate") - parse_when(created, "CreatedDate")).total_seconds()


# --- the context a tool runs in --------------------------------------------------------------------------------

class ToolContext:
    """The backend a tool runs against, what the current call retrieved, and cached describes."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.fetched: list[dict[str, Any]] = []
        self.queries: list[str] = []
        self._fields: dict[str, set[str] | None] = {}

    def query(self, soql: str) -> list[dict[str, Any]]:
        """Every record of a SOQL query (all pages); raises SalesforceError."""
        self.queries.append(soql)
        records = self.backend.query_all(soql).get("records", [])
        self.fetched.extend(records)
        return [_plain_record(r) for r in records]

    def search(self, sosl: str) -> list[dict[str, Any]]:
        self.queries.append(sosl)
        records = (self.backend.search(sosl) or {}).get("searchRecords", [])
        self.fetched.extend(records)
        return [_plain_record(r) for r in records]

    def fields(self, sobject: str) -> set[str] | None:
        """The field names of `sobject` (None when describe fails: then nothing is filtered)."""
        if sobject not in self._fields:
            try:
                self._fields[sobject] = {f["name"] for f in self.backend.describe(sobject).get("fields", [])}
            except Exception:
                self._fields[sobject] = None
        return self._fields[sobject]

    def select(self, sobject: str, wanted: Sequence[str], alternatives: dict[str, str] | None = None) -> list[str]:
        """The wanted fields that `sobject` has (an alternative name standing in for a missing one)."""
        have = self.fields(sobject)
        if have is None:
            return list(wanted)
        out = []
        for name in wanted:
            if name in have:
                out.append(name)
            elif alternatives and alternatives.get(name) in have:
                out.append(alternatives[name])
        return out or ["Id"]


def _plain_record(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "attributes"}


# --- CRMArena's function tools -------------------------------------------------------------------------------

def _count_owners(subset_cases: Any) -> Counter:
    cases = _records_arg(subset_cases, "subset_cases", ("OwnerId",))
    return Counter(c["OwnerId"] for c in cases if c.get("OwnerId"))


def get_agents_with_max_cases(ctx: ToolContext, subset_cases: Any) -> list[str]:
    counts = _count_owners(subset_cases)
    top = max(counts.values(), default=None)
    return [a for a, n in counts.items() if n == top] if top is not None else []


def get_agents_with_min_cases(ctx: ToolContext, subset_cases: Any) -> list[str]:
    counts = _count_owners(subset_cases)
    low = min(counts.values(), default=None)
    return [a for a, n in counts.items() if n == low] if low is not None else []


def calculate_average_handle_time(ctx: ToolContext, cases: Any) -> dict[str, float]:
    spans: dict[str, list[float]] = defaultdict(list)
    for case in _records_arg(cases, "cases", ("CreatedDate", "OwnerId")):
        seconds = _span_seconds(case)
        if seconds is not None:
            spans[case["OwnerId"]].append(seconds / 60)
    return {agent: sum(v) / len(v) for agent, v in spans.items()}


def get_start_date(ctx: ToolContext, end_date: Any, period: Any, interval_count: Any) -> str:
    end = parse_when(end_date, "end_date")
    count = _as_int(interval_count, "interval_count")
    if count < 0:
        raise ToolArgumentError("interval_count must not be negative")
    unit = str(period).strip().lower().rstrip("s")
    if unit == "day":
        start = end - timedelta(days=count)
    elif unit == "week":
        start = end - timedelta(weeks=count)
    elif unit in ("month", "quarter"):
        months = count * (3 if unit == "quarter" else 1)
        y, m = divmod(end.year * 12 + end.month - 1 - months, 12)
        last_day = (datetime(y + (m == 11), (m + 1) % 12 + 1, 1) - timedelta(days=1)).day
        start = end.replace(year=y, month=m + 1, day=min(end.day, last_day))
    else:
        raise ToolArgumentError("period must be one of day, week, month, quarter")
    return soql_datetime(start)


def _month_start(year: int, month: int) -> datetime:
    y, m = divmod(year * 12 + month - 1, 12)
    return datetime(y, m + 1, 1, tzinfo=UTC)


def get_period(ctx: ToolContext, period_name: Any, year: Any) -> dict[str, str]:
    y = _as_int(year, "year")
    if not 1 <= y <= 9998:
        raise ToolArgumentError("year must be between 1 and 9998")
    name = str(period_name).strip()
    low = name.lower()
    if low in ("q1", "q2", "q3", "q4"):
        start = _month_start(y, 3 * int(low[1]) - 2)
        length = 3
    elif low in SEASON_START:
        start = _month_start(y, SEASON_START[low])
        length = 3
    else:
        month = next((i for i, m in enumerate(MONTH_NAMES, 1) if m.lower() == low or m[:3].lower() == low), None)
        if month is None:
            raise ToolArgumentError("period_name must be a month name (January...December), Q1-Q4 or a season "
                                    "(Spring, Summer, Fall, Winter)")
        start = _month_start(y, month)
        length = 1
    end = _month_start(start.year, start.month + length)
    return {"start_date": soql_datetime(start), "end_date": soql_datetime(end)}


def get_agent_handled_cases_by_period(ctx: ToolContext, start_date: Any, end_date: Any) -> dict[str, int]:
    start, end = _window(start_date, end_date)
    rows = ctx.query("SELECT NewValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND "
                     f"CreatedDate >= {start} AND CreatedDate < {end}")
    return dict(Counter(r["NewValue__c"] for r in rows if r.get("NewValue__c")))


def get_qualified_agent_ids_by_case_count(ctx: ToolContext, agent_handled_cases: Any, n_cases: Any) -> list[str]:
    if not isinstance(agent_handled_cases, dict):
        raise ToolArgumentError("agent_handled_cases must be an object mapping agent Ids to case counts")
    n = _as_int(n_cases, "n_cases")
    out = []
    for agent, count in agent_handled_cases.items():
        if _as_int(count, f"agent_handled_cases[{agent!r}]") > n:
            out.append(agent)
    return out


def get_cases(ctx: ToolContext, start_date: Any = None, end_date: Any = None, agent_ids: Any = None,
              case_ids: Any = None, order_item_ids: Any = None, issue_ids: Any = None,
              statuses: Any = None) -> list[dict[str, Any]]:
    where = []
    if start_date:
        where.append(f"CreatedDate >= {soql_datetime(parse_when(start_date, 'start_date'))}")
    if end_date:
        where.append(f"CreatedDate < {soql_datetime(parse_when(end_date, 'end_date'))}")
    for field_name, value, label in (("OwnerId", agent_ids, "agent_ids"), ("Id", case_ids, "case_ids"),
                                     ("OrderItemId__c", order_item_ids, "order_item_ids"),
                                     ("IssueId__c", issue_ids, "issue_ids"), ("Status", statuses, "statuses")):
        items = _str_list(value, label)
        if items:
            where.append(f"{field_name} IN {soql_in(items)}")
    if not where:
        raise ToolArgumentError("give at least one filter: start_date, end_date, agent_ids, case_ids, "
                                "order_item_ids, issue_ids or statuses")
    fields = ctx.select("Case", ["Id", "OwnerId", "CreatedDate", "ClosedDate", "AccountId", "Status"])
    return ctx.query(f"SELECT {', '.join(fields)} FROM Case WHERE {' AND '.join(where)}")


def get_non_transferred_case_ids(ctx: ToolContext, start_date: Any, end_date: Any) -> list[str]:
    start, end = _window(start_date, end_date)
    rows = ctx.query("SELECT CaseId__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND "
                     f"CreatedDate >= {start} AND CreatedDate < {end} GROUP BY CaseId__c HAVING COUNT(Id) = 1")
    return [r["CaseId__c"] for r in rows if r.get("CaseId__c")]


def get_agent_transferred_cases_by_period(ctx: ToolContext, start_date: Any, end_date: Any,
                                          qualified_agent_ids: Any = None) -> dict[str, int]:
    start, end = _window(start_date, end_date)
    only = set(_str_list(qualified_agent_ids, "qualified_agent_ids"))
    rows = ctx.query("SELECT OldValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND "
                     f"OldValue__c != null AND CreatedDate >= {start} AND CreatedDate < {end}")
    counts = Counter(r["OldValue__c"] for r in rows if r.get("OldValue__c"))
    return {a: n for a, n in counts.items() if not only or a in only}


def get_shipping_state(ctx: ToolContext, cases: Any) -> list[dict[str, Any]]:
    items = _records_arg(cases, "cases", ("AccountId",))
    accounts = sorted({c["AccountId"] for c in items if isinstance(c.get("AccountId"), str) and c["AccountId"]})
    states: dict[str, Any] = {}
    for i in range(0, len(accounts), 200):
        for row in ctx.query(f"SELECT Id, ShippingState FROM Account WHERE Id IN {soql_in(accounts[i:i + 200])}"):
            states[row["Id"]] = row.get("ShippingState")
    return [dict(c, ShippingState=states.get(c.get("AccountId"))) for c in items]


def calculate_region_average_closure_times(ctx: ToolContext, cases: Any) -> dict[str, float]:
    spans: dict[str, list[float]] = defaultdict(list)
    for case in _records_arg(cases, "cases", ("ShippingState", "CreatedDate")):
        seconds = _span_seconds(case)
        if case.get("ShippingState") and seconds is not None:
            spans[case["ShippingState"]].append(seconds)
    return {state: sum(v) / len(v) for state, v in spans.items()}


def get_order_item_ids_by_product(ctx: ToolContext, product_id: Any) -> list[str]:
    if not isinstance(product_id, str) or not product_id.strip():
        raise ToolArgumentError("product_id must be a non-empty string")
    return [r["Id"] for r in ctx.query(f"SELECT Id FROM OrderItem WHERE Product2Id = {soql_string(product_id)}")]


def get_issue_counts(ctx: ToolContext, start_date: Any, end_date: Any, order_item_ids: Any) -> dict[str, int]:
    start, end = _window(start_date, end_date)
    items = _str_list(order_item_ids, "order_item_ids")
    if not items:
        return {}
    rows = ctx.query(f"SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN {soql_in(items)} "
                     f"AND CreatedDate >= {start} AND CreatedDate < {end} GROUP BY IssueId__c ORDER BY COUNT(Id) DESC")
    return {r["IssueId__c"]: r["IssueCount"] for r in rows if r.get("IssueId__c")}


def _extreme_ids(values_by_id: Any, pick: Callable[[Any], Any]) -> list[str]:
    if not isinstance(values_by_id, dict):
        raise ToolArgumentError("values_by_id must be an object mapping Ids to numbers")
    if not values_by_id:
        return []
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values_by_id.values()):
        raise ToolArgumentError("every value of values_by_id must be a number")
    best = pick(values_by_id.values())
    return [k for k, v in values_by_id.items() if v == best]


def find_id_with_max_value(ctx: ToolContext, values_by_id: Any) -> list[str]:
    return _extreme_ids(values_by_id, max)


def find_id_with_min_value(ctx: ToolContext, values_by_id: Any) -> list[str]:
    return _extreme_ids(values_by_id, min)


def get_account_id_by_contact_id(ctx: ToolContext, contact_id: Any) -> str | None:
    if not isinstance(contact_id, str) or not contact_id.strip():
        raise ToolArgumentError("contact_id must be a non-empty string")
    rows = ctx.query(f"SELECT AccountId FROM Contact WHERE Id = {soql_string(contact_id.strip())} LIMIT 1")
    return rows[0].get("AccountId") if rows else None


def get_purchase_history(ctx: ToolContext, account_id: Any, purchase_date: Any,
                         related_product_ids: Any) -> list[dict[str, Any]]:
    if not isinstance(account_id, str) or not account_id.strip():
        raise ToolArgumentError("account_id must be a non-empty string")
    day = parse_when(purchase_date, "purchase_date").date().isoformat()
    products = _str_list(related_product_ids, "related_product_ids")
    if not products:
        return []
    return ctx.query(f"SELECT Product2Id FROM OrderItem WHERE Order.AccountId = {soql_string(account_id)} AND "
                     f"Order.EffectiveDate = {day} AND Product2Id IN {soql_in(products)} AND "
                     "Order.Status = 'Activated'")


def get_month_to_case_count(ctx: ToolContext, cases: Any) -> dict[str, int]:
    counts: Counter = Counter()
    for case in _records_arg(cases, "cases", ("CreatedDate",)):
        counts[MONTH_NAMES[parse_when(case["CreatedDate"], "CreatedDate").month - 1]] += 1
    return {m: counts[m] for m in MONTH_NAMES if counts[m]}


def _search_term(search_term: Any) -> str:
    if not isinstance(search_term, str) or not search_term.strip():
        raise ToolArgumentError("search_term must be a non-empty string")
    return sosl_escape(search_term.strip())


def search_knowledge_articles(ctx: ToolContext, search_term: Any) -> list[dict[str, Any]]:
    term = _search_term(search_term)
    have = ctx.fields("Knowledge__kav") or set()
    conditions = [c for f, c in (("PublishStatus", "PublishStatus = 'Online'"), ("Language", "Language = 'en_US'"))
                  if f in have]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = ctx.search(f"FIND {{{term}}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c{where})")
    return [{"Id": r.get("Id"), "Title": r.get("Title"), "Content": r.get("FAQ_Answer__c")} for r in rows]


def search_products(ctx: ToolContext, search_term: Any) -> list[str]:
    term = _search_term(search_term)
    rows = ctx.search(f"FIND {{{term}}} IN ALL FIELDS RETURNING Product2(Id, Name, Description)")
    return [r["Id"] for r in rows if r.get("Id")]


def get_issues(ctx: ToolContext) -> list[dict[str, Any]]:
    return ctx.query("SELECT Id, Name FROM Issue__c")


def get_email_messages_by_case_id(ctx: ToolContext, case_id: Any) -> list[dict[str, Any]]:
    if not isinstance(case_id, str) or not case_id.strip():
        raise ToolArgumentError("case_id must be a non-empty string")
    fields = ctx.select("EmailMessage", ["Subject", "TextBody", "FromAddress", "ToAddress", "MessageDate"],
                        {"ToAddress": "ToIds"})
    return ctx.query(f"SELECT {', '.join(fields)} FROM EmailMessage WHERE ParentId = {soql_string(case_id.strip())}")


def get_livechat_transcript_by_case_id(ctx: ToolContext, case_id: Any) -> list[dict[str, Any]]:
    if not isinstance(case_id, str) or not case_id.strip():
        raise ToolArgumentError("case_id must be a non-empty string")
    fields = ctx.select("LiveChatTranscript", ["Body", "EndTime"])
    where = f"CaseId = {soql_string(case_id.strip())}"
    return ctx.query(f"SELECT {', '.join(fields)} FROM LiveChatTranscript WHERE {where}")


def issue_soql_query(ctx: ToolContext, query: Any) -> list[dict[str, Any]]:
    if not isinstance(query, str) or not query.strip():
        raise ToolArgumentError("query must be a non-empty SOQL string")
    return ctx.query(clean_query(query))


def issue_sosl_query(ctx: ToolContext, query: Any) -> list[dict[str, Any]]:
    if not isinstance(query, str) or not query.strip():
        raise ToolArgumentError("query must be a non-empty SOSL string")
    return ctx.search(clean_query(query))


# --- specs -----------------------------------------------------------------------------------------------------

_DATE = {"type": "string", "description": "A date 'YYYY-MM-DD' or datetime 'YYYY-MM-DDTHH:MM:SSZ' (UTC)."}
_IDS = {"type": "array", "items": {"type": "string"}}


def _cases(*fields: str, what: str = "Case records") -> dict[str, Any]:
    return {"type": "array", "description": f"{what}, each with at least {', '.join(fields)}.",
            "items": {"type": "object", "properties": {f: {"type": "string"} for f in fields},
                      "required": list(fields)}}


def _obj(properties: dict[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


_ID_MAP = {"type": "object", "additionalProperties": {"type": "number"},
           "description": "An object mapping Ids to numbers."}

SPECS: dict[str, tuple[str, dict[str, Any]]] = {
    "get_agents_with_max_cases": (
        "The agent (User) Ids owning the most cases in the given list (all of them when tied).",
        _obj({"subset_cases": _cases("OwnerId")}, ["subset_cases"])),
    "get_agents_with_min_cases": (
        "The agent (User) Ids owning the fewest cases in the given list (all of them when tied).",
        _obj({"subset_cases": _cases("OwnerId")}, ["subset_cases"])),
    "calculate_average_handle_time": (
        "Average handle time (ClosedDate - CreatedDate, in minutes) per case owner; open cases are skipped.",
        _obj({"cases": _cases("CreatedDate", "ClosedDate", "OwnerId")}, ["cases"])),
    "get_start_date": (
        "The start of a period that ends at end_date and lasts interval_count days, weeks, months or quarters.",
        _obj({"end_date": _DATE, "period": {"type": "string", "enum": ["day", "week", "month", "quarter"]},
              "interval_count": {"type": "integer", "minimum": 0}}, ["end_date", "period", "interval_count"])),
    "get_period": (
        "Start and end of a named period of a year: a month (January...December), a quarter (Q1-Q4) or a season "
        "(Spring, Summer, Fall, Winter; Winter YEAR runs from December YEAR to February YEAR+1). end_date is the "
        "first instant after the period.",
        _obj({"period_name": {"type": "string"}, "year": {"type": "integer"}}, ["period_name", "year"])),
    "get_agent_handled_cases_by_period": (
        "How many case assignments each agent received in [start_date, end_date), from the case history "
        "('Owner Assignment' entries).",
        _obj({"start_date": _DATE, "end_date": _DATE}, ["start_date", "end_date"])),
    "get_qualified_agent_ids_by_case_count": (
        "The agents whose case count is greater than n_cases.",
        _obj({"agent_handled_cases": {"type": "object", "additionalProperties": {"type": "integer"},
                                      "description": "Agent Id -> number of cases."},
              "n_cases": {"type": "integer"}}, ["agent_handled_cases", "n_cases"])),
    "get_cases": (
        "Cases matching every given filter (at least one): created in [start_date, end_date), owned by agent_ids, "
        "with Ids case_ids, for order_item_ids, about issue_ids, in statuses. Returns Id, OwnerId, CreatedDate, "
        "ClosedDate, AccountId and Status.",
        _obj({"start_date": _DATE, "end_date": _DATE, "agent_ids": _IDS, "case_ids": _IDS, "order_item_ids": _IDS,
              "issue_ids": _IDS, "statuses": _IDS})),
    "get_non_transferred_case_ids": (
        "Ids of the cases assigned exactly once (never transferred) in [start_date, end_date).",
        _obj({"start_date": _DATE, "end_date": _DATE}, ["start_date", "end_date"])),
    "get_agent_transferred_cases_by_period": (
        "How many cases each agent transferred away in [start_date, end_date), optionally only for "
        "qualified_agent_ids.",
        _obj({"start_date": _DATE, "end_date": _DATE, "qualified_agent_ids": _IDS}, ["start_date", "end_date"])),
    "get_shipping_state": (
        "The given cases, each with the ShippingState of its account added.",
        _obj({"cases": _cases("AccountId")}, ["cases"])),
    "calculate_region_average_closure_times": (
        "Average closure time (seconds) per shipping state; cases without a state or closed date are skipped.",
        _obj({"cases": _cases("ShippingState", "CreatedDate", "ClosedDate")}, ["cases"])),
    "get_order_item_ids_by_product": (
        "Ids of the order items of a product.",
        _obj({"product_id": {"type": "string"}}, ["product_id"])),
    "get_issue_counts": (
        "Number of cases per issue (IssueId__c) among cases for the given order items created in "
        "[start_date, end_date).",
        _obj({"start_date": _DATE, "end_date": _DATE, "order_item_ids": _IDS},
             ["start_date", "end_date", "order_item_ids"])),
    "find_id_with_max_value": (
        "The Id(s) with the largest value (all of them when tied).",
        _obj({"values_by_id": _ID_MAP}, ["values_by_id"])),
    "find_id_with_min_value": (
        "The Id(s) with the smallest value (all of them when tied).",
        _obj({"values_by_id": _ID_MAP}, ["values_by_id"])),
    "get_account_id_by_contact_id": (
        "The AccountId of a contact (null when the contact is not found).",
        _obj({"contact_id": {"type": "string"}}, ["contact_id"])),
    "get_purchase_history": (
        "Activated order items of an account bought on a given day, among the given products.",
        _obj({"account_id": {"type": "string"}, "purchase_date": _DATE, "related_product_ids": _IDS},
             ["account_id", "purchase_date", "related_product_ids"])),
    "get_month_to_case_count": (
        "Number of cases per calendar month name (January...December), from their CreatedDate.",
        _obj({"cases": _cases("CreatedDate")}, ["cases"])),
    "search_knowledge_articles": (
        "Full-text search of the knowledge articles: Id, Title and Content of each match.",
        _obj({"search_term": {"type": "string"}}, ["search_term"])),
    "search_products": (
        "Full-text search of the products: the Ids of the matches.",
        _obj({"search_term": {"type": "string"}}, ["search_term"])),
    "get_issues": ("Every issue record (Id, Name).", _obj({})),
    "get_email_messages_by_case_id": (
        "The email messages of a case: subject, body, sender, recipients and date.",
        _obj({"case_id": {"type": "string"}}, ["case_id"])),
    "get_livechat_transcript_by_case_id": (
        "The live chat transcripts of a case: body and end time.",
        _obj({"case_id": {"type": "string"}}, ["case_id"])),
    "issue_soql_query": (
        "Run a SOQL query and return its records.",
        _obj({"query": {"type": "string", "description": "A SOQL query."}}, ["query"])),
    "issue_sosl_query": (
        "Run a SOSL search (FIND {...} IN ... RETURNING ...) and return its records.",
        _obj({"query": {"type": "string", "description": "A SOSL search."}}, ["query"])),
}

_FUNCTIONS: dict[str, Callable[..., Any]] = {name: globals()[name] for name in SPECS}
RESPOND_SPEC = ("Send your answer (or, in a conversation, a question) to the user. Ends your turn.",
                _obj({"content": {"type": "string", "description": "What to say to the user."}}, ["content"]))
EXECUTE_SPEC = ("Run a SOQL query, or a SOSL search when the text starts with FIND, against the Salesforce org.",
                _obj({"query": {"type": "string", "description": "A SOQL query or SOSL search."}}, ["query"]))


# --- toolsets --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]
    run: Callable[..., Any] | None  # None for respond, which the engine handles

    def spec(self) -> dict[str, Any]:
        """The OpenAI/litellm function-calling spec."""
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": self.parameters}}


def parse_arguments(arguments: Any) -> dict[str, Any]:
    """Tool-call arguments as a dict: a JSON object (text) or a dict; ToolArgumentError otherwise."""
    if arguments is None or arguments == "":
        return {}
    if isinstance(arguments, dict):
        return arguments
    if isinstance(arguments, str):
        try:
            value = json.loads(arguments)
        except json.JSONDecodeError as exc:
            raise ToolArgumentError(f"the arguments are not valid JSON ({exc.msg} at column {exc.colno})") from None
        if isinstance(value, dict):
            return value
    raise ToolArgumentError("the arguments must be a JSON object")


class Toolset:
    """A named set of tools bound to a backend."""

    def __init__(self, name: str, tools: Sequence[Tool], backend: Any = None) -> None:
        self.name = name
        self.tools = {t.name: t for t in tools}
        self.backend = backend

    def __contains__(self, name: str) -> bool:
        return name in self.tools

    def specs(self) -> list[dict[str, Any]]:
        return [t.spec() for t in self.tools.values()]

    def call(self, name: str, arguments: Any) -> Observation:
        """Run one tool; every failure becomes an error observation (never an exception)."""
        tool = self.tools.get(name)
        if tool is None:
            return Observation.from_error(None, f"Error: unknown tool {name!r}; available tools: "
                                                f"{', '.join(self.tools)}")
        if tool.run is None:
            return Observation.from_error(None, f"Error: {name} is not executed as a tool")
        ctx = ToolContext(self.backend)
        try:
            args = parse_arguments(arguments)
            _check_signature(tool, args)
            value = tool.run(ctx, **args)
        except ToolArgumentError as exc:
            return Observation.from_error(None, f"Error: {name}: {exc}")
        except SalesforceError as exc:
            obs = Observation.from_error(exc.error_code, exc.message, query=ctx.queries[-1] if ctx.queries else None)
            obs.records = ctx.fetched
            return obs
        except Exception as exc:  # a bug or an unexpected backend failure: shown, not raised
            return Observation.from_error(None, f"Error: {name} failed: {type(exc).__name__}: {exc}")
        query = ctx.queries[-1] if len(ctx.queries) == 1 else None
        if name in ("execute", "issue_soql_query", "issue_sosl_query"):
            return Observation(text=format_value(agent_rows(value)), records=ctx.fetched, value=None,
                               total_size=len(ctx.fetched), query=query)
        return Observation(text=format_value(value), records=ctx.fetched, value=value, query=query)


def _check_signature(tool: Tool, args: dict[str, Any]) -> None:
    assert tool.run is not None
    params = list(inspect.signature(tool.run).parameters.values())[1:]
    names = {p.name for p in params}
    unknown = [k for k in args if k not in names]
    if unknown:
        raise ToolArgumentError(f"unexpected argument {unknown[0]!r} (expected: {', '.join(sorted(names)) or 'none'})")
    missing = [p.name for p in params if p.default is inspect.Parameter.empty and p.name not in args]
    if missing:
        raise ToolArgumentError(f"missing required argument {missing[0]!r}")


def execute(ctx: ToolContext, query: Any) -> list[dict[str, Any]]:
    """The ReAct `execute` action: SOSL when the text starts with FIND, SOQL otherwise (all pages)."""
    if not isinstance(query, str) or not query.strip():
        raise ToolArgumentError("the query is empty")
    text = clean_query(query)
    if text[:4].upper() == "FIND" and (len(text) == 4 or not text[4].isalnum()):
        return ctx.search(text)
    return ctx.query(text)


def _function_tools(raw_queries: bool) -> list[Tool]:
    names = [n for n in SPECS if raw_queries or n not in ("issue_soql_query", "issue_sosl_query")]
    tools = [Tool(n, SPECS[n][0], SPECS[n][1], _FUNCTIONS[n]) for n in names if n not in ("issue_soql_query",
                                                                                          "issue_sosl_query")]
    tools.append(Tool(RESPOND, RESPOND_SPEC[0], RESPOND_SPEC[1], None))
    tools += [Tool(n, SPECS[n][0], SPECS[n][1], _FUNCTIONS[n]) for n in names if n in ("issue_soql_query",
                                                                                       "issue_sosl_query")]
    return tools


TOOLSETS = ("react", "functions", "functions-fixed")


def make_toolset(name: str, backend: Any = None) -> Toolset:
    """The toolset `react`, `functions` (CRMArena's tools + raw SOQL/SOSL) or `functions-fixed` (without them)."""
    if name == "react":
        return Toolset(name, [Tool("execute", EXECUTE_SPEC[0], EXECUTE_SPEC[1], execute),
                              Tool(RESPOND, RESPOND_SPEC[0], RESPOND_SPEC[1], None)], backend)
    if name == "functions":
        return Toolset(name, _function_tools(raw_queries=True), backend)
    if name == "functions-fixed":
        return Toolset(name, _function_tools(raw_queries=False), backend)
    raise ValueError(f"unknown toolset {name!r} (expected one of {', '.join(TOOLSETS)})")
