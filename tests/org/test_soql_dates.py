"""Date literals, date functions and date/datetime literal normalisation against a fixed clock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from crmtui.org.soql.dates import (
    FIXED_LITERALS,
    N_LITERALS,
    DateLiteralError,
    OrgClock,
    date_function_sql,
    day_bound,
    literal_range,
    parse_datetime_literal,
)

CLOCK = OrgClock(datetime(2025, 6, 15, 12, 0, tzinfo=UTC))  # Sunday, Q2
FY_APRIL = OrgClock(datetime(2025, 6, 15, 12, 0, tzinfo=UTC), fiscal_start_month=4)
D = date.fromisoformat

FIXED = {
    "TODAY": ("2025-06-15", "2025-06-16"),
    "YESTERDAY": ("2025-06-14", "2025-06-15"),
    "TOMORROW": ("2025-06-16", "2025-06-17"),
    "THIS_WEEK": ("2025-06-15", "2025-06-22"),
    "LAST_WEEK": ("2025-06-08", "2025-06-15"),
    "NEXT_WEEK": ("2025-06-22", "2025-06-29"),
    "THIS_MONTH": ("2025-06-01", "2025-07-01"),
    "LAST_MONTH": ("2025-05-01", "2025-06-01"),
    "NEXT_MONTH": ("2025-07-01", "2025-08-01"),
    "LAST_90_DAYS": ("2025-03-17", "2025-06-16"),
    "NEXT_90_DAYS": ("2025-06-16", "2025-09-14"),
    "THIS_QUARTER": ("2025-04-01", "2025-07-01"),
    "LAST_QUARTER": ("2025-01-01", "2025-04-01"),
    "NEXT_QUARTER": ("2025-07-01", "2025-10-01"),
    "THIS_YEAR": ("2025-01-01", "2026-01-01"),
    "LAST_YEAR": ("2024-01-01", "2025-01-01"),
    "NEXT_YEAR": ("2026-01-01", "2027-01-01"),
    "THIS_FISCAL_QUARTER": ("2025-04-01", "2025-07-01"),
    "LAST_FISCAL_QUARTER": ("2025-01-01", "2025-04-01"),
    "NEXT_FISCAL_QUARTER": ("2025-07-01", "2025-10-01"),
    "THIS_FISCAL_YEAR": ("2025-01-01", "2026-01-01"),
    "LAST_FISCAL_YEAR": ("2024-01-01", "2025-01-01"),
    "NEXT_FISCAL_YEAR": ("2026-01-01", "2027-01-01"),
}

WITH_N = {
    ("LAST_N_DAYS", 1): ("2025-06-14", "2025-06-16"),
    ("LAST_N_DAYS", 90): ("2025-03-17", "2025-06-16"),
    ("LAST_N_DAYS", 0): ("2025-06-15", "2025-06-16"),
    ("NEXT_N_DAYS", 3): ("2025-06-16", "2025-06-19"),
    ("N_DAYS_AGO", 3): ("2025-06-12", "2025-06-13"),
    ("LAST_N_WEEKS", 2): ("2025-06-01", "2025-06-15"),
    ("NEXT_N_WEEKS", 2): ("2025-06-22", "2025-07-06"),
    ("N_WEEKS_AGO", 1): ("2025-06-08", "2025-06-15"),
    ("LAST_N_MONTHS", 2): ("2025-04-01", "2025-06-01"),
    ("NEXT_N_MONTHS", 2): ("2025-07-01", "2025-09-01"),
    ("N_MONTHS_AGO", 7): ("2024-11-01", "2024-12-01"),
    ("LAST_N_QUARTERS", 2): ("2024-10-01", "2025-04-01"),
    ("NEXT_N_QUARTERS", 2): ("2025-07-01", "2026-01-01"),
    ("N_QUARTERS_AGO", 1): ("2025-01-01", "2025-04-01"),
    ("LAST_N_YEARS", 2): ("2023-01-01", "2025-01-01"),
    ("NEXT_N_YEARS", 1): ("2026-01-01", "2027-01-01"),
    ("N_YEARS_AGO", 3): ("2022-01-01", "2023-01-01"),
    ("LAST_N_FISCAL_QUARTERS", 1): ("2025-01-01", "2025-04-01"),
    ("NEXT_N_FISCAL_QUARTERS", 2): ("2025-07-01", "2026-01-01"),
    ("N_FISCAL_QUARTERS_AGO", 2): ("2024-10-01", "2025-01-01"),
    ("LAST_N_FISCAL_YEARS", 1): ("2024-01-01", "2025-01-01"),
    ("NEXT_N_FISCAL_YEARS", 2): ("2026-01-01", "2028-01-01"),
    ("N_FISCAL_YEARS_AGO", 1): ("2024-01-01", "2025-01-01"),
}


def test_every_literal_is_covered():
    assert set(FIXED) == FIXED_LITERALS
    assert {name for name, _ in WITH_N} == N_LITERALS


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_literal_boundaries(name):
    lo, hi = FIXED[name]
    assert literal_range(name, None, CLOCK) == (D(lo), D(hi))
    assert literal_range(name.lower(), None, CLOCK) == (D(lo), D(hi))


@pytest.mark.parametrize(("name", "n"), sorted(WITH_N))
def test_n_literal_boundaries(name, n):
    lo, hi = WITH_N[(name, n)]
    assert literal_range(name, n, CLOCK) == (D(lo), D(hi))


@pytest.mark.parametrize(
    ("name", "n", "expected"),
    [
        ("THIS_FISCAL_QUARTER", None, ("2025-04-01", "2025-07-01")),
        ("THIS_FISCAL_YEAR", None, ("2025-04-01", "2026-04-01")),
        ("LAST_FISCAL_YEAR", None, ("2024-04-01", "2025-04-01")),
        ("N_FISCAL_YEARS_AGO", 2, ("2023-04-01", "2024-04-01")),
        ("NEXT_N_FISCAL_QUARTERS", 1, ("2025-07-01", "2025-10-01")),
    ],
)
def test_fiscal_year_starting_april(name, n, expected):
    assert literal_range(name, n, FY_APRIL) == (D(expected[0]), D(expected[1]))


def test_week_starts_on_sunday_midweek():
    wed = OrgClock(datetime(2025, 6, 18, 23, 59, tzinfo=UTC))
    assert literal_range("THIS_WEEK", None, wed) == (D("2025-06-15"), D("2025-06-22"))


def test_year_boundary_month_arithmetic():
    jan = OrgClock(datetime(2025, 1, 10, tzinfo=UTC))
    assert literal_range("LAST_MONTH", None, jan) == (D("2024-12-01"), D("2025-01-01"))
    assert literal_range("LAST_QUARTER", None, jan) == (D("2024-10-01"), D("2025-01-01"))
    assert literal_range("N_MONTHS_AGO", 13, jan) == (D("2023-12-01"), D("2024-01-01"))


@pytest.mark.parametrize(
    ("name", "n"), [("TODAY", 3), ("LAST_N_DAYS", None), ("N_DAYS_AGO", -1), ("LAST_N_DAYS", 10**9), ("FOO", None)]
)
def test_bad_literals(name, n):
    with pytest.raises(DateLiteralError):
        literal_range(name, n, CLOCK)


def test_far_ranges_fail_cleanly():
    with pytest.raises(DateLiteralError):
        literal_range("NEXT_N_YEARS", 90000, CLOCK)


def test_bounds_per_field_type():
    assert day_bound(D("2025-06-15"), "date") == "2025-06-15"
    assert day_bound(D("2025-06-15"), "datetime") == "2025-06-15T00:00:00.000+0000"


@pytest.mark.parametrize(
    ("raw", "wire"),
    [
        ("2025-01-01T00:00:00Z", "2025-01-01T00:00:00.000+0000"),
        ("2025-01-01T00:00:00-08:00", "2025-01-01T08:00:00.000+0000"),
        ("2025-01-01T00:00:00+0530", "2024-12-31T18:30:00.000+0000"),
        ("2025-01-01T00:00:00.123456Z", "2025-01-01T00:00:00.123+0000"),
        ("2025-06-15T12:00:00.000+0000", "2025-06-15T12:00:00.000+0000"),
    ],
)
def test_datetime_literals_normalised_to_utc(raw, wire):
    assert parse_datetime_literal(raw) == wire


def test_clock_parse_forms():
    assert OrgClock.parse("2025-06-15T12:00:00.000+0000").now == CLOCK.now
    assert OrgClock.parse("2025-06-15T14:00:00+02:00").now == CLOCK.now
    assert OrgClock.parse("2025-06-15").now == CLOCK.now
    assert CLOCK.wire() == "2025-06-15T12:00:00.000+0000"


def _fn(name: str, value: str, fs: int = 1):
    sql, rtype = date_function_sql(name, "?", fs)
    conn = sqlite3.connect(":memory:")
    return conn.execute(f"SELECT {sql.replace('?', ':v')}", {"v": value}).fetchone()[0], rtype


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CALENDAR_YEAR", "2025-06-15T12:00:00.000+0000", 2025),
        ("CALENDAR_MONTH", "2025-06-15", 6),
        ("CALENDAR_QUARTER", "2025-06-15", 2),
        ("CALENDAR_QUARTER", "2025-12-31", 4),
        ("DAY_IN_MONTH", "2025-06-15", 15),
        ("DAY_IN_WEEK", "2025-06-15", 1),  # Sunday
        ("DAY_IN_WEEK", "2025-06-21", 7),  # Saturday
        ("DAY_IN_YEAR", "2025-02-01", 32),
        ("DAY_ONLY", "2025-06-15T23:59:59.000+0000", "2025-06-15"),
        ("HOUR_IN_DAY", "2025-06-15T07:30:00.000+0000", 7),
        ("WEEK_IN_MONTH", "2025-06-07", 1),
        ("WEEK_IN_MONTH", "2025-06-08", 2),
        ("WEEK_IN_YEAR", "2025-01-07", 1),
        ("WEEK_IN_YEAR", "2025-01-08", 2),
        ("FISCAL_MONTH", "2025-06-15", 6),
        ("FISCAL_QUARTER", "2025-06-15", 2),
        ("FISCAL_YEAR", "2025-06-15", 2025),
    ],
)
def test_date_functions(name, value, expected):
    assert _fn(name, value)[0] == expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("FISCAL_MONTH", "2025-04-02", 1),
        ("FISCAL_MONTH", "2025-03-31", 12),
        ("FISCAL_QUARTER", "2025-06-15", 1),
        ("FISCAL_QUARTER", "2026-01-15", 4),
        ("FISCAL_YEAR", "2025-03-31", 2025),
        ("FISCAL_YEAR", "2025-04-01", 2026),  # named by the calendar year in which it ends
    ],
)
def test_fiscal_functions_with_april_start(name, value, expected):
    assert _fn(name, value, fs=4)[0] == expected


def test_date_functions_keep_null():
    assert _fn("CALENDAR_YEAR", None)[0] is None
