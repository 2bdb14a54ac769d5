"""Time windows that task questions name ("in the past 3 months", "in Winter 2023", "in Q2 2024").

A window is resolved against the instance's "today" (stated in its context) into a half-open UTC range
[start, end) and rendered as SOQL datetime literals, so a reference solution carries explicit bounds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SEASONS = {"Winter": 12, "Spring": 3, "Summer": 6, "Fall": 9}


@dataclass(frozen=True)
class Window:
    phrase: str  # how the question names it, e.g. "in the past three months"
    start: datetime
    end: datetime

    def soql(self, field: str) -> str:
        """`field >= start AND field < end` with SOQL datetime literals."""
        return f"{field} >= {_lit(self.start)} AND {field} < {_lit(self.end)}"


def _lit(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def months_back(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's length)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = m + 1
    last = (date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, month, min(day.day, last))


def past(today: date, unit: str, n: int, words: bool) -> Window:
    """'the past N months/quarters/weeks': from N units before today up to and including today."""
    count = NUMBER_WORDS.get(n, str(n)) if words else str(n)
    if unit == "weeks":
        start = today - timedelta(weeks=n)
    elif unit == "quarters":
        start = months_back(today, 3 * n)
    else:
        start = months_back(today, n)
    label = unit[:-1] if n == 1 else unit
    phrase = f"in the past {label}" if n == 1 else f"in the past {count} {label}"
    return Window(phrase, _midnight(start), _midnight(today + timedelta(days=1)))


def quarter(year: int, q: int) -> Window:
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1)
    return Window(f"in Q{q} {year}", _midnight(start), _midnight(end))


def season(name: str, year: int) -> Window:
    """Seasons as the task context defines them; Winter YEAR runs from December YEAR to February YEAR+1."""
    month = SEASONS[name]
    start = date(year, month, 1)
    end_month = month + 3
    end = date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return Window(f"in {name} {year}", _midnight(start), _midnight(end))


def random_window(rng: random.Random, today: date, *, max_months: int = 12) -> Window:
    """A window ending on or before today, of one of the kinds the original and Pro tasks use."""
    roll = rng.random()
    if roll < 0.5:
        unit = rng.choice(("months", "months", "quarters", "weeks"))
        limit = {"months": max_months, "quarters": max(1, max_months // 3), "weeks": 12}[unit]
        return past(today, unit, rng.randint(1 if unit != "weeks" else 4, limit), words=rng.random() < 0.5)
    if roll < 0.75:
        candidates = [quarter(y, q) for y in (today.year - 1, today.year) for q in (1, 2, 3, 4)]
    else:
        candidates = [season(s, y) for y in (today.year - 2, today.year - 1) for s in SEASONS]
    done = [w for w in candidates if w.end <= _midnight(today + timedelta(days=1))]
    return rng.choice(done) if done else past(today, "months", 3, words=True)
