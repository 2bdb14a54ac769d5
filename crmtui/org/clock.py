"""The org clock: parsing and formatting Salesforce date/datetime values.

Every time-relative question is answered against an org's `now`, never against wall time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from crmtui.errors import CrmtuiError

_DT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)


class ClockError(CrmtuiError, ValueError):
    """A date or datetime string could not be parsed."""


def parse_datetime(text: str) -> datetime:
    """Parse `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with optional `Z`/`+HH:MM`/`+HHMM` into UTC.

    A value without an offset is taken as UTC.
    """
    m = _DT.match(text.strip())
    if not m:
        raise ClockError(
            f"invalid date/time {text!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|+HH:MM]"
        )
    year, month, day, hh, mm, ss, frac, tz = m.groups()
    try:
        value = datetime(
            int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0),
            int((frac or "0").ljust(6, "0")), tzinfo=UTC,
        )
    except ValueError as exc:
        raise ClockError(f"invalid date/time {text!r}: {exc}") from exc
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        value -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return value


def format_datetime(value: datetime) -> str:
    """Salesforce wire format for datetimes: `YYYY-MM-DDTHH:MM:SS.000+0000` in UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def format_date(value: date | datetime) -> str:
    """Salesforce wire format for dates: `YYYY-MM-DD`."""
    return value.strftime("%Y-%m-%d")
