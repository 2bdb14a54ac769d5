"""The org clock, SOQL date literals resolved to [start, end) day ranges, and date-function SQL.

Date literals are resolved once, at compile time, against an injected clock (never wall time) and
become bound parameters: `CreatedDate = LAST_N_DAYS:90` compiles to `col >= ? AND col < ?`. The user
time zone is UTC and the week starts on Sunday (en_US); the fiscal year start month is configurable
(default January, so fiscal periods equal calendar ones) and a fiscal year is named by the calendar
year in which it ends, as in Salesforce's standard fiscal years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

WIRE_DATETIME = "%Y-%m-%dT%H:%M:%S"

_SIMPLE = re.compile(r"^(THIS|LAST|NEXT)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)$")
_N_RANGE = re.compile(r"^(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)$")
_N_AGO = re.compile(r"^N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)_AGO$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE
)

# Literals that take no `:n` argument.
FIXED_LITERALS = frozenset(
    {"YESTERDAY", "TODAY", "TOMORROW", "LAST_90_DAYS", "NEXT_90_DAYS"}
    | {f"{w}_{u}" for w in ("THIS", "LAST", "NEXT") for u in ("WEEK", "MONTH", "QUARTER", "YEAR")}
    | {f"{w}_FISCAL_{u}" for w in ("THIS", "LAST", "NEXT") for u in ("QUARTER", "YEAR")}
)
# Literals that need `:n`.
N_LITERALS = frozenset(
    {f"{w}_N_{u}" for w in ("LAST", "NEXT") for u in ("DAYS", "WEEKS", "MONTHS", "QUARTERS", "YEARS")}
    | {f"{w}_N_FISCAL_{u}" for w in ("LAST", "NEXT") for u in ("QUARTERS", "YEARS")}
    | {f"N_{u}_AGO" for u in ("DAYS", "WEEKS", "MONTHS", "QUARTERS", "YEARS", "FISCAL_QUARTERS", "FISCAL_YEARS")}
)


class DateLiteralError(ValueError):
    """Not a date literal, or its `:n` is missing, superfluous or out of range."""


@dataclass(frozen=True)
class OrgClock:
    """The org's `now` (UTC) and calendar settings; every date literal resolves against it."""

    now: datetime
    fiscal_start_month: int = 1

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            object.__setattr__(self, "now", self.now.replace(tzinfo=UTC))
        else:
            object.__setattr__(self, "now", self.now.astimezone(UTC))
        if not 1 <= self.fiscal_start_month <= 12:
            raise ValueError("fiscal_start_month must be 1..12")

    @classmethod
    def parse(cls, text: str, fiscal_start_month: int = 1) -> OrgClock:
        """From `YYYY-MM-DDTHH:MM:SS.000+0000`, any ISO 8601 date-time, or a plain `YYYY-MM-DD` (noon UTC)."""
        from crmtui.org.clock import parse_datetime

        text = text.strip()
        value = parse_datetime(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            value = value.replace(hour=12)
        return cls(value, fiscal_start_month)

    @property
    def today(self) -> date:
        return self.now.date()

    def wire(self) -> str:
        return format_datetime(self.now)


def format_datetime(dt: datetime) -> str:
    """Salesforce's wire format: `2025-06-15T12:00:00.000+0000` (UTC)."""
    dt = dt.astimezone(UTC)
    return dt.strftime(WIRE_DATETIME) + f".{dt.microsecond // 1000:03d}+0000"


def day_bound(day: date, field_type: str) -> str:
    """A range bound for a date (`YYYY-MM-DD`) or datetime (midnight UTC) column."""
    if field_type == "datetime":
        return f"{day.isoformat()}T00:00:00.000+0000"
    return day.isoformat()


def parse_datetime_literal(raw: str) -> str:
    """Normalise a SOQL dateTime literal (offsets, fractions) to the UTC wire format; ValueError if invalid."""
    m = _DATETIME.match(raw)
    if not m:
        raise ValueError(raw)
    y, mo, d, h, mi, s, frac, tz = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro, tzinfo=UTC)
    if tz.upper() != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        dt -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return format_datetime(dt)


def parse_date_literal(raw: str) -> str:
    """Validate a `YYYY-MM-DD` literal; ValueError if it is not a real date."""
    return date.fromisoformat(raw).isoformat()


def _add_months(day: date, months: int) -> date:
    """First-of-month arithmetic (`day` is always the first of a month here)."""
    idx = day.year * 12 + (day.month - 1) + months
    year, month = divmod(idx, 12)
    if not 1 <= year <= 9999:
        raise DateLiteralError("date out of range")
    return date(year, month + 1, 1)


def _unit_start(unit: str, clock: OrgClock) -> date:
    today = clock.today
    if unit == "DAY":
        return today
    if unit == "WEEK":
        return today - timedelta(days=(today.weekday() + 1) % 7)  # Sunday
    month = date(today.year, today.month, 1)
    if unit == "MONTH":
        return month
    if unit == "QUARTER":
        return _add_months(month, -((today.month - 1) % 3))
    if unit == "YEAR":
        return date(today.year, 1, 1)
    offset = (today.month - clock.fiscal_start_month) % 12
    if unit == "FISCAL_QUARTER":
        return _add_months(month, -(offset % 3))
    if unit == "FISCAL_YEAR":
        return _add_months(month, -offset)
    raise AssertionError(unit)  # pragma: no cover


def _shift(start: date, unit: str, k: int) -> date:
    try:
        if unit == "DAY":
            return start + timedelta(days=k)
        if unit == "WEEK":
            return start + timedelta(days=7 * k)
    except OverflowError as exc:
        raise DateLiteralError("date out of range") from exc
    months = {"MONTH": 1, "QUARTER": 3, "YEAR": 12, "FISCAL_QUARTER": 3, "FISCAL_YEAR": 12}[unit]
    return _add_months(start, months * k)


def _unit(plural: str) -> str:
    return plural[:-1] if plural.endswith("S") else plural


def literal_range(name: str, n: int | None, clock: OrgClock) -> tuple[date, date]:
    """The [start, end) day range of a date literal such as `TODAY` or `LAST_N_DAYS` with n=90."""
    name = name.upper()
    if name in N_LITERALS:
        if n is None:
            raise DateLiteralError(f"date literal {name} needs a value, e.g. {name}:3")
        if n < 0 or n > 100_000:
            raise DateLiteralError(f"date literal value {n} is out of range")
    elif n is not None:
        raise DateLiteralError(f"date literal {name} takes no value")
    try:
        return _literal_range(name, n, clock)
    except (OverflowError, ValueError) as exc:
        raise DateLiteralError("date out of range") from exc


def _literal_range(name: str, n: int | None, clock: OrgClock) -> tuple[date, date]:
    today = clock.today
    day = timedelta(days=1)
    if name == "TODAY":
        return today, today + day
    if name == "YESTERDAY":
        return today - day, today
    if name == "TOMORROW":
        return today + day, today + 2 * day
    if name == "LAST_90_DAYS":
        return today - 90 * day, today + day
    if name == "NEXT_90_DAYS":
        return today + day, today + 91 * day
    m = _SIMPLE.match(name)
    if m:
        when, unit = m.groups()
        start = _unit_start(unit, clock)
        k = {"THIS": 0, "LAST": -1, "NEXT": 1}[when]
        return _shift(start, unit, k), _shift(start, unit, k + 1)
    assert n is not None or name not in N_LITERALS
    m = _N_RANGE.match(name)
    if m and n is not None:
        when, plural = m.groups()
        unit = _unit(plural)
        start = _unit_start(unit, clock)
        if unit == "DAY":  # LAST_N_DAYS includes today; NEXT_N_DAYS starts tomorrow
            return (today - n * day, today + day) if when == "LAST" else (today + day, today + (n + 1) * day)
        if when == "LAST":
            return _shift(start, unit, -n), start
        return _shift(start, unit, 1), _shift(start, unit, 1 + n)
    m = _N_AGO.match(name)
    if m and n is not None:
        unit = _unit(m.group(1))
        start = _unit_start(unit, clock)
        return _shift(start, unit, -n), _shift(start, unit, -n + 1)
    raise DateLiteralError(f"unknown date literal {name}")


def is_date_literal(name: str) -> bool:
    name = name.upper()
    return name in FIXED_LITERALS or name in N_LITERALS


# -- date functions ---------------------------------------------------------------------------------------

DATE_FUNCTIONS = frozenset(
    {
        "CALENDAR_MONTH", "CALENDAR_QUARTER", "CALENDAR_YEAR", "DAY_IN_MONTH", "DAY_IN_WEEK", "DAY_IN_YEAR",
        "DAY_ONLY", "FISCAL_MONTH", "FISCAL_QUARTER", "FISCAL_YEAR", "HOUR_IN_DAY", "WEEK_IN_MONTH",
        "WEEK_IN_YEAR",
    }
)
DATETIME_ONLY_FUNCTIONS = frozenset({"DAY_ONLY", "HOUR_IN_DAY"})


def date_function_sql(func: str, col: str, fiscal_start_month: int = 1) -> tuple[str, str]:
    """(SQL expression, result type) of a date function over a date/datetime column expression.

    Works on the stored text directly (`substr`), which keeps GROUP BY over large tables fast; NULL
    stays NULL. The fiscal start month is an integer from configuration, never query text.
    """
    month = f"CAST(substr({col},6,2) AS INTEGER)"
    fs = int(fiscal_start_month)
    fiscal_month = f"((({month}) - {fs} + 12) % 12 + 1)"
    if func == "CALENDAR_YEAR":
        return f"CAST(substr({col},1,4) AS INTEGER)", "int"
    if func == "CALENDAR_MONTH":
        return month, "int"
    if func == "CALENDAR_QUARTER":
        return f"(({month} + 2) / 3)", "int"
    if func == "DAY_IN_MONTH":
        return f"CAST(substr({col},9,2) AS INTEGER)", "int"
    if func == "DAY_IN_WEEK":
        return f"(CAST(strftime('%w', substr({col},1,10)) AS INTEGER) + 1)", "int"
    if func == "DAY_IN_YEAR":
        return f"CAST(strftime('%j', substr({col},1,10)) AS INTEGER)", "int"
    if func == "DAY_ONLY":
        return f"substr({col},1,10)", "date"
    if func == "HOUR_IN_DAY":
        return f"CAST(substr({col},12,2) AS INTEGER)", "int"
    if func == "WEEK_IN_MONTH":
        return f"((CAST(substr({col},9,2) AS INTEGER) - 1) / 7 + 1)", "int"
    if func == "WEEK_IN_YEAR":
        return f"((CAST(strftime('%j', substr({col},1,10)) AS INTEGER) - 1) / 7 + 1)", "int"
    if func == "FISCAL_MONTH":
        return fiscal_month, "int"
    if func == "FISCAL_QUARTER":
        return f"(({fiscal_month} + 2) / 3)", "int"
    if func == "FISCAL_YEAR":
        if fs == 1:
            return f"CAST(substr({col},1,4) AS INTEGER)", "int"
        return f"(CAST(substr({col},1,4) AS INTEGER) + ({month} >= {fs}))", "int"
    raise AssertionError(func)  # pragma: no cover
