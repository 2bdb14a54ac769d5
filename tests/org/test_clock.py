"""Parsing and formatting of the org clock."""

from datetime import UTC, datetime

import pytest

from crmtui.org.clock import ClockError, format_date, format_datetime, parse_datetime


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-06-30", datetime(2025, 6, 30, tzinfo=UTC)),
    ("2025-06-30T18:00:00Z", datetime(2025, 6, 30, 18, tzinfo=UTC)),
    ("2025-06-30T18:00", datetime(2025, 6, 30, 18, tzinfo=UTC)),
    ("2025-06-30T18:00:00.000+0000", datetime(2025, 6, 30, 18, tzinfo=UTC)),
    ("2025-06-30T20:30:00+02:00", datetime(2025, 6, 30, 18, 30, tzinfo=UTC)),
    ("2025-06-30T13:00:00-05:00", datetime(2025, 6, 30, 18, tzinfo=UTC)),
])
def test_parse(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01", "2025-02-30", "2025/06/30", "2025-06-30T25:00"])
def test_malformed(text):
    with pytest.raises(ClockError, match="invalid date/time"):
        parse_datetime(text)


def test_format():
    value = datetime(2024, 5, 26, 6, 58, tzinfo=UTC)
    assert format_datetime(value) == "2024-05-26T06:58:00.000+0000"
    assert format_date(value) == "2024-05-26"
